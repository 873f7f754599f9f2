using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>One step of a case's sequence as it was fired and judged.</summary>
/// <param name="Step">The step.</param>
/// <param name="Outcome">What came back (under the step's call id); null when the sequence stopped before it.</param>
/// <param name="Findings">Its findings (also among the case's, each naming the step).</param>
public sealed record StepResult(CaseStep Step, CallOutcome? Outcome, IReadOnlyList<Finding> Findings)
{
    /// <summary>Why the case could not be judged past this step (its status missed its expectation, the host was lost), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>Whether the step was fired.</summary>
    public bool Fired => Outcome is not null;
}
