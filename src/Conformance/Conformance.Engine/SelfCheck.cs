using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>One variant's line of a self-check.</summary>
/// <param name="Defect">The seeded defect.</param>
/// <param name="Caught">Some case failed with a category that fits the defect.</param>
/// <param name="FailedCases">Cases that failed or errored.</param>
/// <param name="Categories">Finding categories seen, most severe first.</param>
public sealed record SelfCheckRow(SeededDefect Defect, bool Caught, int FailedCases, IReadOnlyList<FindingCategory> Categories);

/// <summary>The outcome of a self-check.</summary>
/// <param name="CleanFailures">Failed or errored cases against the clean driver (must be 0).</param>
/// <param name="Variants">One row per seeded defect.</param>
/// <param name="ResultsRoot">Where each run's reports were written.</param>
public sealed record SelfCheckReport(int CleanFailures, IReadOnlyList<SelfCheckRow> Variants, string ResultsRoot)
{
    /// <summary>The clean driver passes and every variant is caught.</summary>
    public bool Passed => CleanFailures == 0 && Variants.All(v => v.Caught);
}

/// <summary>
/// The catalog against the clean reference driver (must not fail) and against every seeded defect
/// variant (each must be caught, with a category that fits the defect): proof that the suite can fail,
/// and fails for the right reason.
/// </summary>
public static class SelfCheck
{
    /// <summary>Run the self-check; every run's reports go under <paramref name="settings"/>' results root.</summary>
    public static Task<SelfCheckReport> RunAsync(RunSettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, null, cancellationToken);

    /// <summary>Run the self-check, telling <paramref name="observer"/> which variant runs and how far it got.</summary>
    public static async Task<SelfCheckReport> RunAsync(RunSettings settings, IRunObserver? observer, CancellationToken cancellationToken)
    {
        int parts = SeededDefect.All.Count + 1;
        observer?.PhaseStarted("clean driver", 1, parts);
        var clean = await RunVariantAsync(settings, 0, observer, cancellationToken).ConfigureAwait(false);
        int cleanFailures = clean.Count(IsFailure);
        var rows = new List<SelfCheckRow>();
        foreach (var (defect, index) in SeededDefect.All.Select((d, i) => (d, i)))
        {
            observer?.PhaseStarted($"variant {defect.Number} {defect.Name}", index + 2, parts);
            var failed = (await RunVariantAsync(settings, defect.Number, observer, cancellationToken).ConfigureAwait(false)).Where(IsFailure).ToList();
            var categories = failed.SelectMany(r => r.Findings).Select(f => f.Category).Distinct().Order().ToList();
            rows.Add(new SelfCheckRow(defect, failed.Count > 0 && categories.Intersect(defect.FittingCategories).Any(), failed.Count, categories));
        }

        return new SelfCheckReport(cleanFailures, rows, settings.ResolvedResultsRoot);
    }

    private static bool IsFailure(CaseResult result) => result.Verdict is CaseVerdict.Fail or CaseVerdict.Error;

    private static async Task<IReadOnlyList<CaseResult>> RunVariantAsync(RunSettings settings, uint variant, IRunObserver? observer, CancellationToken cancellationToken)
    {
        await using var run = ConformanceRun.Open(settings with { DefectVariant = variant });
        var results = await run.RunAsync(run.SelectedCases, observer, cancellationToken).ConfigureAwait(false);
        run.Complete();
        return results;
    }
}
