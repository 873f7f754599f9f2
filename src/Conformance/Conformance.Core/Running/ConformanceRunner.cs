using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>
/// The engine's run loop, shared by the NUnit suite, the command-line tool and run-suite.ps1:
/// fire cases in batches, restart the target after a crash or hang and go on with the next case,
/// block IOCTLs that crash every time, journal each batch before firing it and its outcomes when it
/// returns; then collect the driver's events once (no sleeping per case) and judge every case with them.
/// Results already gathered are never lost: a failure of the target mid-batch only ends the batch, and a
/// runner that goes down itself leaves a journal that <see cref="Replay"/> judges from.
/// A case with <c>steps:</c> is a batch of its own: its steps and then its own call are fired one at a time on the
/// same target session (a step's buffers must have come back before the next call's copies can be filled), and the
/// sequence starts on a freshly loaded driver (the target is restarted first) and stops at a step that crashes, hangs,
/// kills the device or misses its status. It comes back, is journaled
/// and is judged as one outcome (<see cref="CallOutcome.Steps"/>), so a resumed run fires an unfinished sequence again
/// whole. This is the one place sequences are made: every target gets them.
/// </summary>
/// <param name="target">A started target.</param>
/// <param name="options">Batching and blocking.</param>
/// <param name="journal">The run's journal (owned by the caller; one per run, shared by its devices), or null for none.</param>
public sealed class ConformanceRunner(IDeviceTarget target, RunOptions options, Journal? journal = null)
{
    // Kept across calls so a front end may fire case by case (the NUnit suite) or all at once (the CLI).
    private readonly IoctlCircuits circuits = new(options.CrashesBeforeBlocking);
    private readonly Journal journal = journal ?? Journal.None;
    private CaseJudge? judge;

    /// <summary>
    /// Judge a case fired by an earlier runner from the outcome its journal kept, and count it toward the
    /// IOCTL's circuit as if it had just been fired. The capture of that runner is gone, so events are
    /// judged on the target's own copy inside the outcome.
    /// </summary>
    public CaseResult Replay(ScenarioCase scenarioCase, CallOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(scenarioCase);
        ArgumentNullException.ThrowIfNull(outcome);
        circuits.Record(EndingCode(scenarioCase, outcome), outcome);
        var result = JudgeForCurrentTarget().Judge(scenarioCase, outcome);
        if (outcome.TraceEventsLost > 0 && scenarioCase.Expect.AssertsEvents && outcome.End == CallEnd.Completed)
        {
            // The target's copy is all there is now, and it is known to have gaps: never a pass (DESIGN.md section 7).
            result = result with
            {
                Verdict = CaseVerdict.Error,
                Note = $"event assertions not judged: the target had dropped {outcome.TraceEventsLost} trace event(s) by this call, and the interrupted run's capture is gone",
            };
        }

        result = result with { Note = result.Note ?? "judged from the journal of the interrupted run" };
        journal.Done(result);
        return result;
    }

    /// <summary>
    /// Run <paramref name="cases"/> in order against a started target: fire them all (restarting after
    /// crashes), collect the driver's events once, then judge every case with its events.
    /// </summary>
    public async Task<IReadOnlyList<CaseResult>> RunAsync(
        IReadOnlyList<ScenarioCase> cases, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var fired = await FireAsync(cases, observer, cancellationToken).ConfigureAwait(false);
        var window = await CollectEventsAsync(cancellationToken).ConfigureAwait(false);
        var eventsByCase = window.Events.GroupBy(e => e.CaseId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<TraceEventRecord>)[.. g], StringComparer.Ordinal);
        var results = new List<CaseResult>(fired.Count);
        foreach (var (scenarioCase, outcome, blocked, firedUnder) in fired)
        {
            var result = blocked ?? JudgeWithCapturedEvents(firedUnder!, scenarioCase, outcome!, window, eventsByCase);
            results.Add(result);
            journal.Done(result);
            observer?.CaseJudged(result, results.Count, cases.Count);
        }

        journal.Flush();
        return results;
    }

    private static CaseResult JudgeWithCapturedEvents(CaseJudge judge, ScenarioCase scenarioCase, CallOutcome outcome,
        EventWindow window, Dictionary<string, IReadOnlyList<TraceEventRecord>> eventsByCase)
    {
        string? note = null;
        // A sequence that stopped in a step has no events of the case's own call: the step's, under its own call id, are
        // judged on the target's copy, as every step's are.
        if (window.Supported && outcome.StoppedInStep is null)
        {
            var captured = eventsByCase.GetValueOrDefault(scenarioCase.Id) ?? [];
            if (captured.Count >= outcome.Events.Count)
            {
                // A target that cannot tell whether the IRP reached the driver (Windows) learns it from the driver's
                // own events: any event written during the call proves its dispatch routine ran.
                // The capture saw this call's time: its events are observed now, also for a target (Windows) that keeps
                // no copy of its own and so journals its outcomes as not observed.
                outcome = outcome with
                {
                    Events = captured,
                    EventsObserved = true,
                    ReachedDriver = outcome.ReachedDriver ?? (captured.Count > 0 ? true : null),
                };
            }
            else
            {
                // The target's own copy (SimHost's trace ring, sent with the result) proves the driver wrote
                // events the capture never delivered: a host that crashed takes its unflushed EventPipe
                // buffers with it. Judge on that copy and say so.
                note = $"{window.Source} delivered {captured.Count} of this case's {outcome.Events.Count} events (the host went down before flushing them); events judged on the target's own copy";
            }
        }

        var result = judge.Judge(scenarioCase, outcome);
        if (note is not null)
        {
            result = result with { Note = note };
        }
        if (window.LostEvents > 0 && scenarioCase.Expect.AssertsEvents && outcome.End == CallEnd.Completed)
        {
            // A lossy capture can neither prove nor disprove an event: never a pass (DESIGN.md section 7).
            return result with
            {
                Verdict = CaseVerdict.Error,
                Note = $"event assertions not judged: {window.LossDetail ?? $"{window.LostEvents} event(s) lost"}",
            };
        }

        return result;
    }

    private async Task<EventWindow> CollectEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await target.CollectEventsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return new EventWindow(true, "failed", [], 1, $"the event capture failed: {error.Message}");
        }
    }

    /// <summary>
    /// The judge for what the target is now. Each SimHost boot draws a new kernel secret, so a case is judged
    /// with the capabilities of the boot it ran under: the judge is taken when its batch returns, before any
    /// restart, and made again only when the capabilities change.
    /// </summary>
    private CaseJudge JudgeForCurrentTarget()
    {
        var capabilities = target.Capabilities;
        if (judge is null || !ReferenceEquals(judge.Capabilities, capabilities))
        {
            judge = new CaseJudge(capabilities);
        }

        return judge;
    }

    private async Task<List<(ScenarioCase Case, CallOutcome? Outcome, CaseResult? Blocked, CaseJudge? Judge)>> FireAsync(
        IReadOnlyList<ScenarioCase> cases, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var fired = new List<(ScenarioCase, CallOutcome?, CaseResult?, CaseJudge?)>(cases.Count);
        // Outcomes of the last batch not journaled yet: written while the target runs the next batch, where
        // the journal allows it (see Journal.SyncsToDisk), so the target does not wait for the journal.
        IReadOnlyList<CallOutcome> unjournaled = [];
        IReadOnlyList<IoctlCall> unjournaledCalls = [];
        try
        {
            int next = 0;
            while (next < cases.Count)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var (stretch, batch) = NextBatch(cases, next);
                IReadOnlyList<CallOutcome> outcomes = [];
                if (batch.Count > 0)
                {
                    journal.Firing(batch.Select(c => c.Id));
                    var execution = batch is [{ Steps.Count: > 0 } sequence]
                        ? FireSequenceAsync(sequence, cancellationToken)
                        : ExecuteCallsAsync(batch.ConvertAll(c => c.Call), batch, cancellationToken);
                    journal.Returned(unjournaled, unjournaledCalls);
                    unjournaled = [];
                    outcomes = await execution.ConfigureAwait(false);
                }

                // A dead device ends a batch like a crash: what follows would only meet the dead device.
                bool endedEarly = batch.Count > 0 && (outcomes.Count < batch.Count || outcomes[^1].End != CallEnd.Completed || outcomes[^1].DeviceAlive == false);
                var calls = batch.ConvertAll(c => c.Call);
                if (journal.SyncsToDisk || endedEarly)
                {
                    journal.Returned(outcomes, calls);
                }
                else
                {
                    unjournaled = outcomes;
                    unjournaledCalls = calls;
                }

                if (outcomes.Count < batch.Count)
                {
                    // The target stopped the batch at a crash: the rest never ran, and is fired again after the restart.
                    journal.Abandoned(batch.Skip(outcomes.Count).Select(c => c.Id));
                }

                next = Collect(cases, stretch, outcomes, endedEarly, fired);
                observer?.CaseFired(fired.Count, cases.Count);
                if (endedEarly)
                {
                    string where = batch[outcomes.Count - 1].Id + (outcomes[^1].StoppedInStep is { } step ? $" (step {step})" : "");
                    string reason = outcomes[^1].End == CallEnd.Completed
                        ? $"device dead after {where}"
                        : $"{outcomes[^1].End} in {where}";
                    observer?.TargetRestarting(reason);
                    await target.RestartAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            journal.Returned(unjournaled, unjournaledCalls);
        }

        return fired;
    }

    /// <summary>
    /// The stretch of cases the next batch covers: up to BatchSize to fire, and the blocked ones among them with
    /// the reason (an IOCTL's open circuit, or a pointer the target cannot aim).
    /// </summary>
    private (List<(int Index, string? Blocked)> Stretch, List<ScenarioCase> Batch) NextBatch(IReadOnlyList<ScenarioCase> cases, int next)
    {
        var stretch = new List<(int Index, string? Blocked)>();
        var batch = new List<ScenarioCase>();
        for (int scan = next; scan < cases.Count && batch.Count < options.BatchSize; scan++)
        {
            var scenarioCase = cases[scan];
            bool sequence = scenarioCase.Steps.Count > 0;
            if (sequence && stretch.Count > 0)
            {
                break; // a sequence is a batch of its own
            }

            string? blocked = OpenCircuit(scenarioCase) is { } crasher
                ? $"{crasher} crashed the machine {options.CrashesBeforeBlocking} times in a row; its remaining cases are not fired"
                : scenarioCase.Steps.Select(s => UnaimablePointers(s.Call, target.Capabilities)).FirstOrDefault(b => b is not null)
                    ?? UnaimablePointers(scenarioCase.Call, target.Capabilities);
            stretch.Add((scan, blocked));
            if (blocked is null)
            {
                batch.Add(scenarioCase);
            }

            if (sequence)
            {
                break;
            }
        }

        return (stretch, batch);
    }

    /// <summary>The IOCTL of the case (or of one of its steps) whose circuit is open, or null.</summary>
    private string? OpenCircuit(ScenarioCase scenarioCase) =>
        circuits.IsOpen(scenarioCase.Call.IoControlCode)
            ? scenarioCase.Ioctl.Name
            : scenarioCase.Steps.FirstOrDefault(s => circuits.IsOpen(s.Call.IoControlCode))?.Ioctl.Name;

    /// <summary>The IOCTL whose call <paramref name="outcome"/> is: the stopping step's, or the case's own.</summary>
    internal static uint EndingCode(ScenarioCase scenarioCase, CallOutcome outcome) =>
        outcome.StoppedInStep is { } name && scenarioCase.Steps.FirstOrDefault(s => s.Name == name) is { } step
            ? step.Call.IoControlCode
            : scenarioCase.Call.IoControlCode;

    /// <summary>Why the target cannot make the call as written (a pointer at something it has not), or null.</summary>
    internal static string? UnaimablePointers(IoctlCall call, TargetCapabilities capabilities)
    {
        var missing = call.Input.Pointers.Concat(call.Output.Pointers)
            .Select(p => p.Target).Where(t => !capabilities.PointerTargets.Contains(t)).Distinct().ToList();
        return missing.Count == 0
            ? null
            : $"the {capabilities.Name} target cannot aim a pointer at {string.Join(" or ", missing.Select(PointerTargetNames.Name))}: the case is not fired, so nothing about it is judged";
    }

    /// <summary>
    /// Record the stretch's results in order and return where the next batch starts: after the stretch, or,
    /// when a crash ended the batch, right after its last outcome (fired or blocked cases past it wait for
    /// the restarted target).
    /// </summary>
    private int Collect(IReadOnlyList<ScenarioCase> cases, List<(int Index, string? Blocked)> stretch, IReadOnlyList<CallOutcome> outcomes, bool endedEarly,
        List<(ScenarioCase, CallOutcome?, CaseResult?, CaseJudge?)> fired)
    {
        var firedUnder = outcomes.Count > 0 ? JudgeForCurrentTarget() : null;
        int returned = 0;
        foreach (var (index, blocked) in stretch)
        {
            if (endedEarly && returned == outcomes.Count)
            {
                return index;
            }

            var scenarioCase = cases[index];
            if (blocked is null)
            {
                circuits.Record(EndingCode(scenarioCase, outcomes[returned]), outcomes[returned]);
                fired.Add((scenarioCase, outcomes[returned++], null, firedUnder));
            }
            else
            {
                fired.Add((scenarioCase, null, CaseJudge.Blocked(scenarioCase, blocked), null));
            }
        }

        return stretch[^1].Index + 1;
    }

    // A target that throws or returns nothing still yields an outcome for the first call, so the
    // run always moves forward and never loops on one case.
    private async Task<IReadOnlyList<CallOutcome>> ExecuteCallsAsync(List<IoctlCall> calls, IReadOnlyList<ScenarioCase> cases, CancellationToken token)
    {
        try
        {
            var outcomes = await target.ExecuteAsync(calls, token).ConfigureAwait(false);
            if (outcomes.Count > 0)
            {
                return outcomes;
            }

            return [HostLost(calls[0].CaseId, "the target returned no outcome")];
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            return [HostLost(calls[0].CaseId, $"the target failed: {error.Message}")];
        }
        catch (OperationCanceledException)
        {
            // Stopped by the user, not by the driver: a resumed run fires these again instead of blaming one.
            journal.Abandoned(cases.Select(c => c.Id));
            throw;
        }
    }

    /// <summary>
    /// Fire a case's steps, then its own call, one round trip each, filling each call's copies from the steps before it;
    /// stop at a step that does not leave the sequence able to go on. One outcome: the case's own call's, or the
    /// stopping step's, with the outcomes of the steps before it.
    /// </summary>
    private async Task<IReadOnlyList<CallOutcome>> FireSequenceAsync(ScenarioCase sequence, CancellationToken token)
    {
        // A freshly loaded driver: the objects and table entries earlier cases left behind would otherwise decide the
        // sequence's verdict, and its reproducer, replayed alone, could not give the same one.
        await target.RestartAsync(token).ConfigureAwait(false);
        var returned = new Dictionary<string, CallOutcome>(StringComparer.Ordinal);
        var steps = new List<CallOutcome>(sequence.Steps.Count);
        foreach (var step in sequence.Steps)
        {
            var outcome = await FireInSequenceAsync(sequence, step.Call, returned, token).ConfigureAwait(false);
            if (StopsSequence(step, outcome))
            {
                return [outcome with { CaseId = sequence.Id, StoppedInStep = step.Name, Steps = steps }];
            }

            steps.Add(outcome);
            returned[step.Name] = outcome;
        }

        var own = await FireInSequenceAsync(sequence, sequence.Call, returned, token).ConfigureAwait(false);
        return [own with { Steps = steps }];
    }

    private async Task<CallOutcome> FireInSequenceAsync(ScenarioCase sequence, IoctlCall call, Dictionary<string, CallOutcome> returned, CancellationToken token)
    {
        var (filled, copied, problem) = StepCopies.Fill(call, returned);
        if (problem is not null)
        {
            // Not the driver's doing, and nothing was fired: an error of the case, never a finding.
            return HostLost(call.CaseId, problem) with { Detail = $"not fired: {problem}" };
        }

        var outcomes = await ExecuteCallsAsync([filled], [sequence], token).ConfigureAwait(false);
        return outcomes[0] with { CopiedBytes = copied };
    }

    /// <summary>
    /// Whether the sequence cannot go on after <paramref name="step"/>: the target went down or hung, the device stopped
    /// answering, or the step did not return the status the next calls rely on.
    /// </summary>
    internal static bool StopsSequence(CaseStep step, CallOutcome outcome) =>
        outcome.End != CallEnd.Completed || outcome.DeviceAlive == false || step.Expect.Status?.Matches(outcome.Status) == false;

    private static CallOutcome HostLost(string caseId, string detail) =>
        new() { CaseId = caseId, End = CallEnd.HostLost, Detail = detail };
}
