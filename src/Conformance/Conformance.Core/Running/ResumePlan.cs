using Conformance.Targets;

namespace Conformance.Running;

/// <summary>
/// How a run continues from its journal: the outcomes to judge again, and the fired cases to fire again.
/// On a machine that dies with the driver (the Windows target), the call in flight when the journal ends
/// is the one that took the machine down: it becomes a machine-lost outcome and is not fired again, since
/// firing it would most likely take the machine down once more. Where the driver cannot take the runner
/// down (the simulator: it runs in SimHost), an interrupted batch only means the runner itself stopped,
/// so nothing is blamed and every unreturned case is fired again.
/// </summary>
/// <param name="Outcomes">Outcomes to judge, in the order they came back (the lost call last).</param>
/// <param name="FireAgain">Fired cases that never returned and are to be fired again.</param>
/// <param name="LostInFlight">The case recorded as lost with the machine, or null.</param>
public sealed record ResumePlan(IReadOnlyList<CallOutcome> Outcomes, IReadOnlyList<string> FireAgain, string? LostInFlight)
{
    /// <summary>Plan from <paramref name="history"/>; <paramref name="machineDiesWithDriver"/> says which case above applies.</summary>
    public static ResumePlan From(JournalHistory history, bool machineDiesWithDriver)
    {
        ArgumentNullException.ThrowIfNull(history);
        if (!machineDiesWithDriver || history.InFlight is not { } inFlight)
        {
            return new ResumePlan(history.Outcomes, history.Unreturned, null);
        }

        var lost = new CallOutcome
        {
            CaseId = inFlight,
            End = CallEnd.MachineLost,
            Detail = "the run stopped during this call: the journal shows it fired and nothing came back (the machine went down with it)",
        };
        return new ResumePlan([.. history.Outcomes, lost], [.. history.Unreturned.Where(id => id != inFlight)], inFlight);
    }

    /// <summary>
    /// This plan with the lost call turned into the crash the machine recorded about it (read after the reboot,
    /// e.g. Kernel-Power 41 on Windows): a bugcheck of the call in flight, no longer an unexplained machine_lost.
    /// </summary>
    public ResumePlan WithRecordedBugcheck(BugcheckRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (LostInFlight is null)
        {
            throw new InvalidOperationException("no call was lost with the machine: nothing to attach a bugcheck to");
        }

        var crashed = Outcomes[^1] with
        {
            End = CallEnd.Bugcheck,
            Bugcheck = record,
            Detail = "the machine went down during this call and recorded this bugcheck (read after the reboot)",
        };
        return this with { Outcomes = [.. Outcomes.SkipLast(1), crashed] };
    }
}
