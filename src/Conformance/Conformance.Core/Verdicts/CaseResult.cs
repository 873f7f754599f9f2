using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>A judged case: what was fired, what came back, and the verdict with its findings.</summary>
public sealed record CaseResult
{
    /// <summary>The case as expanded from its scenario.</summary>
    public required ScenarioCase Case { get; init; }

    /// <summary>What the target observed; null when the case was not fired (blocked).</summary>
    public CallOutcome? Outcome { get; init; }

    /// <summary>The verdict.</summary>
    public required CaseVerdict Verdict { get; init; }

    /// <summary>Every expectation that did not hold.</summary>
    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>
    /// Expectations the target could not observe for this case, each with the reason (e.g. Information after a
    /// synchronous error on Windows, events without a capture). They neither pass nor fail the case; reports
    /// list them so a pass is never read as more than was checked.
    /// </summary>
    public IReadOnlyList<string> NotJudged { get; init; } = [];

    /// <summary>For a case with <c>steps:</c>, each step as fired and judged, in order (those after a stop unfired); else empty.</summary>
    public IReadOnlyList<StepResult> Steps { get; init; } = [];

    /// <summary>Why the case is an error or blocked, when it is.</summary>
    public string? Note { get; init; }

    /// <summary>The stable case id.</summary>
    public string Id => Case.Id;
}
