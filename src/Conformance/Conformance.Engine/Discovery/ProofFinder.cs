using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine.Discovery;

/// <summary>
/// Finds the driver's proof events among the events its probe calls logged: an event with a field equal to the
/// call's status on every call that reached the driver is the completion event; one logged only on calls that failed,
/// each time with the status, is the validation-failure event; one logged on the faulting probes with the exception
/// code, never on a success and not the validation event, is the handled-exception event.
/// </summary>
internal static class ProofFinder
{
    public static (EventProof? Completed, EventProof? Validation, EventProof? Exception, string? Provider) Find(
        IReadOnlyList<CallOutcome> reached, IReadOnlyList<CallOutcome> faulting)
    {
        var withEvents = reached.Where(o => o.Events.Count > 0).ToList();
        if (withEvents.Count == 0)
        {
            return (null, null, null, null);
        }

        string provider = withEvents[0].Events[0].Provider;
        var completed = Candidates(withEvents).FirstOrDefault(p => withEvents.All(o => Carries(o, p)));
        var successes = withEvents.Where(o => NtStatus.IsSuccess(o.Status)).ToList();
        var failures = withEvents.Where(o => !NtStatus.IsSuccess(o.Status)).ToList();
        var validation = Candidates(failures)
            .Where(p => p != completed && !successes.Any(o => Logs(o, p.Event)))
            .FirstOrDefault(p => failures.All(o => !Logs(o, p.Event) || Carries(o, p)) && failures.Any(o => Carries(o, p)));
        var faulted = faulting.Where(o => o.End == CallEnd.Completed && NtStatus.SeverityOf(o.Status) == StatusSeverity.Error && o.Events.Count > 0).ToList();
        var exception = Candidates(faulted)
            .Where(p => p != completed && p.Event != validation?.Event && !successes.Any(o => Logs(o, p.Event)))
            .FirstOrDefault(p => faulted.Any(o => Carries(o, p)));
        return (completed, validation, exception, provider);
    }

    // Every (event, field) pair some call logged with its own status in it, most common first.
    private static IEnumerable<EventProof> Candidates(IReadOnlyList<CallOutcome> outcomes) =>
        outcomes.SelectMany(o => o.Events
                .SelectMany(e => e.Fields.Where(f => EventFieldText.AsStatus(f.Value) == o.Status).Select(f => new EventProof(e.Name, f.Key)))
                .Distinct())
            .GroupBy(p => p)
            .OrderByDescending(g => g.Count())
            .Select(g => g.Key);

    private static bool Logs(CallOutcome outcome, string name) => outcome.Events.Any(e => e.Name == name);

    private static bool Carries(CallOutcome outcome, EventProof proof) => outcome.Events.Any(e =>
        e.Name == proof.Event && e.Fields.TryGetValue(proof.Field, out var value) && EventFieldText.AsStatus(value) == outcome.Status);
}
