using Conformance.Verdicts;

namespace Conformance.Reports.MutationScores;

/// <summary>One seeded defect variant ("mutant") of a self-check: whether the catalog caught it, by which cases and categories.</summary>
/// <param name="Number">The variant's number (DefectVariant).</param>
/// <param name="Name">Its stable name.</param>
/// <param name="FittingCategories">The categories that show it was caught for the right reason.</param>
/// <param name="FailedCases">Cases that failed or errored against it.</param>
/// <param name="CatchingCases">Ids of the failed cases with a fitting finding, in catalog order: the cases that caught it.</param>
/// <param name="Categories">Finding categories of the failed cases, most severe first.</param>
/// <param name="RunDirectory">The run folder of this variant's run.</param>
public sealed record MutantOutcome(
    uint Number,
    string Name,
    IReadOnlyList<FindingCategory> FittingCategories,
    int FailedCases,
    IReadOnlyList<string> CatchingCases,
    IReadOnlyList<FindingCategory> Categories,
    string RunDirectory)
{
    /// <summary>Some case failed with a category that fits the defect.</summary>
    public bool Caught => CatchingCases.Count > 0;
}

/// <summary>
/// A self-check as a mutation score (docs/cli.md, selfcheck): the clean driver's failures (must be none) and, per seeded
/// variant, caught or not; the score is the share caught.
/// </summary>
/// <param name="CleanFailures">Failed or errored cases against the clean driver.</param>
/// <param name="CleanRunDirectory">The clean driver's run folder.</param>
/// <param name="Variants">One outcome per variant, by number.</param>
public sealed record MutationScore(int CleanFailures, string CleanRunDirectory, IReadOnlyList<MutantOutcome> Variants)
{
    /// <summary>How many case ids a table or page names per variant; results.json of its run has them all.</summary>
    public const int NamedCases = 3;

    /// <summary>Variants caught.</summary>
    public int Caught => Variants.Count(v => v.Caught);

    /// <summary>Variants run.</summary>
    public int Total => Variants.Count;

    /// <summary>Caught over total in percent, one decimal (rounded down); null with no variant.</summary>
    public double? Percent => Coverage.CoverageReport.Percent(Caught, Total);
}
