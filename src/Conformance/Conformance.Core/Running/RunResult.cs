using Conformance.Coverage;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>Counts of a run by verdict.</summary>
public sealed record RunSummary(int Total, int Passed, int Failed, int Errors, int Blocked)
{
    /// <summary>Count the verdicts of <paramref name="results"/>.</summary>
    public static RunSummary Of(IReadOnlyList<CaseResult> results) => new(
        results.Count,
        results.Count(r => r.Verdict == CaseVerdict.Pass),
        results.Count(r => r.Verdict == CaseVerdict.Fail),
        results.Count(r => r.Verdict == CaseVerdict.Error),
        results.Count(r => r.Verdict == CaseVerdict.Blocked));
}

/// <summary>Everything a finished (or interrupted) run produced; what the report writers read.</summary>
public sealed record RunResult
{
    /// <summary>Run id, also the folder name under results/ (e.g. 20261125-143005-sim).</summary>
    public required string RunId { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When it ended (UTC).</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>What the target could observe.</summary>
    public required TargetCapabilities Target { get; init; }

    /// <summary>Driver under test, e.g. the library path and variant for the simulator.</summary>
    public required string DriverDescription { get; init; }

    /// <summary>The scenarios root the case ids are relative to.</summary>
    public required string ScenariosRoot { get; init; }

    /// <summary>The options the run was started with (filter, variant, driver, folder).</summary>
    public RunInvocation Invocation { get; init; } = RunInvocation.None;

    /// <summary>The driver's line and branch coverage when the run measured it (run --coverage); else null.</summary>
    public CoverageReport? Coverage { get; init; }

    /// <summary>Every case in catalog order.</summary>
    public required IReadOnlyList<CaseResult> Results { get; init; }

    /// <summary>Verdict counts.</summary>
    public RunSummary Summary => RunSummary.Of(Results);
}
