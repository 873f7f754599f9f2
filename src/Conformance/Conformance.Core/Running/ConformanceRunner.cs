using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>
/// The engine's run loop, shared by the NUnit suite, the command-line tool and run-suite.ps1:
/// fire cases in batches, judge each outcome, restart the target after a crash or hang and go on
/// with the next case, block IOCTLs that crash every time, journal everything before firing.
/// Results already gathered are never lost: a failure of the target mid-batch only ends the batch.
/// </summary>
public sealed class ConformanceRunner(IDeviceTarget target, RunOptions options) : IDisposable
{
    // Kept across calls so a front end may fire case by case (the NUnit suite) or all at once (the CLI).
    private readonly IoctlCircuits circuits = new(options.CrashesBeforeBlocking);
    private readonly Journal journal = new(options.JournalPath, options.SyncJournalToDisk);

    /// <summary>Run <paramref name="cases"/> in order against a started target.</summary>
    public async Task<IReadOnlyList<CaseResult>> RunAsync(
        IReadOnlyList<ScenarioCase> cases, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var judge = new CaseJudge(target.Capabilities);
        var results = new List<CaseResult>(cases.Count);
        int next = 0;
        while (next < cases.Count)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = new List<ScenarioCase>();
            while (next < cases.Count && batch.Count < options.BatchSize)
            {
                var candidate = cases[next++];
                if (circuits.IsOpen(candidate.Call.IoControlCode))
                {
                    AddBlocked(CaseJudge.Blocked(candidate,
                        $"{candidate.Ioctl.Name} crashed the machine {options.CrashesBeforeBlocking} times in a row; its remaining cases are not fired"));
                    continue;
                }

                batch.Add(candidate);
            }

            if (batch.Count == 0)
            {
                continue;
            }

            journal.Firing(batch.Select(c => c.Id));
            var outcomes = await ExecuteBatchAsync(batch, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < outcomes.Count; i++)
            {
                circuits.Record(batch[i].Call.IoControlCode, outcomes[i]);
                Add(judge.Judge(batch[i], outcomes[i]));
            }

            journal.Flush();

            // The batch ended early (crash, hang, lost host): restart and resume right after the last outcome.
            if (outcomes.Count < batch.Count || (outcomes.Count > 0 && outcomes[^1].End != CallEnd.Completed))
            {
                next -= batch.Count - outcomes.Count;
                string reason = outcomes.Count > 0 ? $"{outcomes[^1].End} in {batch[outcomes.Count - 1].Id}" : "no outcome";
                observer?.TargetRestarting(reason);
                await target.RestartAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return results;

        // A target that throws or returns nothing still yields an outcome for the first case, so the
        // run always moves forward and never loops on one case.
        async Task<IReadOnlyList<CallOutcome>> ExecuteBatchAsync(List<ScenarioCase> batch, CancellationToken token)
        {
            try
            {
                var outcomes = await target.ExecuteAsync(batch.Select(c => c.Call).ToList(), token).ConfigureAwait(false);
                if (outcomes.Count > 0)
                {
                    return outcomes;
                }

                return [HostLost(batch[0], "the target returned no outcome")];
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                return [HostLost(batch[0], $"the target failed: {error.Message}")];
            }
        }

        static CallOutcome HostLost(ScenarioCase scenarioCase, string detail) =>
            new() { CaseId = scenarioCase.Id, End = CallEnd.HostLost, Detail = detail };

        void AddBlocked(CaseResult result)
        {
            Add(result);
            journal.Flush();
        }

        void Add(CaseResult result)
        {
            results.Add(result);
            journal.Done(result);
            observer?.CaseJudged(result, results.Count, cases.Count);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => journal.Dispose();
}
