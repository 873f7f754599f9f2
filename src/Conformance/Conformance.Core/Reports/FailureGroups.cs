using System.Globalization;
using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>A case of the run and its position in it (the position names its page anchor).</summary>
internal sealed record IndexedCase(int Index, CaseResult Result);

/// <summary>Which part of the report a case that did not pass belongs to (DESIGN.md section 6 keeps the first two apart).</summary>
internal enum FailureKind
{
    /// <summary>At least one security finding: crash, hang, kernel memory reached, a write where none may happen.</summary>
    Security,

    /// <summary>Only conformance findings: status, Information, events.</summary>
    Conformance,

    /// <summary>Not judged: an error of the suite or a case blocked by its IOCTL's circuit.</summary>
    NotJudged,
}

/// <summary>Cases of one group that went wrong the same way: the same categories and the same ending.</summary>
/// <param name="Signature">What they share, e.g. "BUGCHECK · bugcheck 0xCD PAGE_FAULT_BEYOND_END_OF_ALLOCATION".</param>
/// <param name="Cases">The cases, in run order; the first is the one shown in full.</param>
internal sealed record FailureSubgroup(string Signature, IReadOnlyList<IndexedCase> Cases);

/// <summary>
/// The cases of one scenario that did not pass, of one kind: what the report shows instead of one block per case,
/// so 290 crashing repetitions of a raced call read as one finding with a count.
/// </summary>
internal sealed record FailureGroup(
    FailureKind Kind,
    string ScenarioId,
    SourceLocation Scenario,
    int ScenarioCases,
    bool Repeats,
    IReadOnlyList<FailureSubgroup> Subgroups)
{
    /// <summary>Cases in the group.</summary>
    public int Count => Subgroups.Sum(s => s.Cases.Count);

    /// <summary>The group's most severe category, or null for errors and blocked cases.</summary>
    public FindingCategory? MostSevere =>
        Subgroups.SelectMany(s => s.Cases).SelectMany(c => c.Result.Findings).Select(f => (FindingCategory?)f.Category).Min();

    /// <summary>"290 of 400 repetitions" or "6 of 40 cases": how much of the scenario this is.</summary>
    public string Share(string what) => string.Create(CultureInfo.InvariantCulture,
        $"{Count} of {ScenarioCases} {(Repeats ? "repetition" : "case")}{(ScenarioCases == 1 ? "" : "s")} {what}");

    /// <summary>Group the cases of <paramref name="run"/> that did not pass: most severe first, then the largest.</summary>
    public static IReadOnlyList<FailureGroup> Of(RunResult run)
    {
        var perScenario = run.Results.GroupBy(r => r.Case.Provenance.ScenarioId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (Total: g.Count(), Repeats: g.All(r => r.Case.Provenance.Axes.Count == 0) && g.Any(r => r.Case.Provenance.Repetition > 1)), StringComparer.Ordinal);
        return [.. run.Results
            .Select((result, index) => new IndexedCase(index, result))
            .Where(c => c.Result.Verdict != CaseVerdict.Pass)
            .GroupBy(c => (Kind: KindOf(c.Result), c.Result.Case.Provenance.ScenarioId))
            .Select(g => new FailureGroup(
                g.Key.Kind,
                g.Key.ScenarioId,
                g.First().Result.Case.Provenance.Scenario,
                perScenario[g.Key.ScenarioId].Total,
                perScenario[g.Key.ScenarioId].Repeats,
                [.. g.GroupBy(c => Signature(c.Result), StringComparer.Ordinal)
                    .Select(s => new FailureSubgroup(s.Key, [.. s]))
                    .OrderBy(s => s.Cases.SelectMany(c => c.Result.Findings).Select(f => (int)f.Category).DefaultIfEmpty(int.MaxValue).Min())
                    .ThenByDescending(s => s.Cases.Count)]))
            .OrderBy(g => g.Kind)
            .ThenBy(g => g.MostSevere ?? (FindingCategory)int.MaxValue)
            .ThenByDescending(g => g.Count)];
    }

    /// <summary>The part of the report a case belongs to.</summary>
    public static FailureKind KindOf(CaseResult result) => result.Verdict switch
    {
        CaseVerdict.Fail when result.Findings.Any(f => CategoryInfo.IsSevere(f.Category)) => FailureKind.Security,
        CaseVerdict.Fail => FailureKind.Conformance,
        _ => FailureKind.NotJudged,
    };

    /// <summary>What cases must share to be shown by one representative: categories and how the call ended.</summary>
    internal static string Signature(CaseResult result)
    {
        var categories = result.Findings.Select(f => f.Category).Distinct().Order().Select(c => c.ToReportName());
        string ending = result.Outcome switch
        {
            null => "not fired",
            { End: CallEnd.Completed } o => "returned " + NtStatus.Format(o.Status),
            { Bugcheck: { } b } => $"bugcheck {ReportNames.BugcheckCode(b.Code)} {b.Name}",
            { } o => ReportNames.End(o.End).Replace('_', ' '),
        };
        string verdict = result.Verdict == CaseVerdict.Fail ? string.Join(", ", categories) : ReportNames.Verdict(result.Verdict);
        return $"{verdict} · {ending}";
    }
}
