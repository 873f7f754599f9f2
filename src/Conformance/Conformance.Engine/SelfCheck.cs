using Conformance.Reports.MutationScores;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>One variant's line of a self-check.</summary>
/// <param name="Defect">The seeded defect.</param>
/// <param name="Caught">Some case failed with a category that fits the defect.</param>
/// <param name="FailedCases">Cases that failed or errored.</param>
/// <param name="Categories">Finding categories seen, most severe first.</param>
public sealed record SelfCheckRow(SeededDefect Defect, bool Caught, int FailedCases, IReadOnlyList<FindingCategory> Categories)
{
    /// <summary>Ids of the failed cases with a fitting finding (the cases that caught it), in catalog order.</summary>
    public IReadOnlyList<string> CatchingCases { get; init; } = [];

    /// <summary>The variant's run folder.</summary>
    public string RunDirectory { get; init; } = string.Empty;
}

/// <summary>The outcome of a self-check.</summary>
/// <param name="CleanFailures">Failed or errored cases against the clean driver (must be 0).</param>
/// <param name="Variants">One row per seeded defect.</param>
/// <param name="ResultsRoot">Where each run's reports were written, with selfcheck.html and selfcheck.json.</param>
public sealed record SelfCheckReport(int CleanFailures, IReadOnlyList<SelfCheckRow> Variants, string ResultsRoot)
{
    /// <summary>The clean driver passes and every variant is caught.</summary>
    public bool Passed => CleanFailures == 0 && Variants.All(v => v.Caught);

    /// <summary>The clean driver's run folder.</summary>
    public string CleanRunDirectory { get; init; } = string.Empty;

    /// <summary>The self-check as a mutation score: what the table, --json, selfcheck.json and selfcheck.html show.</summary>
    public MutationScore Score => new(
        CleanFailures,
        CleanRunDirectory,
        [.. Variants.Select(v => new MutantOutcome(v.Defect.Number, v.Defect.Name, v.Defect.FittingCategories, v.FailedCases, v.CatchingCases, v.Categories, v.RunDirectory))]);

    /// <summary>The mutation score page in <see cref="ResultsRoot"/>.</summary>
    public string HtmlPage => Path.Combine(ResultsRoot, SelfCheck.HtmlFile);
}

/// <summary>
/// The catalog against the clean reference driver (must not fail) and against every seeded defect
/// variant (each must be caught, with a category that fits the defect): proof that the suite can fail,
/// and fails for the right reason. The mutation score (caught / variants) goes to selfcheck.html and
/// selfcheck.json beside the runs' folders.
/// </summary>
public static class SelfCheck
{
    /// <summary>The mutation score page's name in the self-check's folder.</summary>
    public const string HtmlFile = "selfcheck.html";

    /// <summary>The mutation score's JSON in the self-check's folder (the same object `selfcheck --json` prints).</summary>
    public const string JsonFile = "selfcheck.json";

    /// <summary>Run the self-check; every run's reports go under <paramref name="settings"/>' results root.</summary>
    public static Task<SelfCheckReport> RunAsync(RunSettings settings, CancellationToken cancellationToken) =>
        RunAsync(settings, null, cancellationToken);

    /// <summary>Run the self-check, telling <paramref name="observer"/> which variant runs and how far it got.</summary>
    public static async Task<SelfCheckReport> RunAsync(RunSettings settings, IRunObserver? observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        int parts = SeededDefect.All.Count + 1;
        observer?.PhaseStarted("clean driver", 1, parts);
        var (clean, cleanDirectory) = await RunVariantAsync(settings, 0, observer, cancellationToken).ConfigureAwait(false);
        int cleanFailures = clean.Count(IsFailure);
        var rows = new List<SelfCheckRow>();
        foreach (var (defect, index) in SeededDefect.All.Select((d, i) => (d, i)))
        {
            observer?.PhaseStarted($"variant {defect.Number} {defect.Name}", index + 2, parts);
            var (results, directory) = await RunVariantAsync(settings, defect.Number, observer, cancellationToken).ConfigureAwait(false);
            var failed = results.Where(IsFailure).ToList();
            var categories = failed.SelectMany(r => r.Findings).Select(f => f.Category).Distinct().Order().ToList();
            var catching = failed.Where(r => r.Findings.Any(f => defect.FittingCategories.Contains(f.Category))).Select(r => r.Id).ToList();
            rows.Add(new SelfCheckRow(defect, catching.Count > 0, failed.Count, categories) { CatchingCases = catching, RunDirectory = directory });
        }

        var report = new SelfCheckReport(cleanFailures, rows, settings.ResolvedResultsRoot) { CleanRunDirectory = cleanDirectory };
        WritePages(report);
        return report;
    }

    private static void WritePages(SelfCheckReport report)
    {
        var score = report.Score;
        using (var json = File.Create(Path.Combine(report.ResultsRoot, JsonFile)))
        {
            MutationScoreJson.Write(json, score);
        }

        using var html = File.Create(report.HtmlPage);
        MutationScoreHtml.Write(html, score, report.ResultsRoot);
    }

    private static bool IsFailure(CaseResult result) => result.Verdict is CaseVerdict.Fail or CaseVerdict.Error;

    private static async Task<(IReadOnlyList<CaseResult> Results, string Directory)> RunVariantAsync(
        RunSettings settings, uint variant, IRunObserver? observer, CancellationToken cancellationToken)
    {
        await using var run = ConformanceRun.Open(settings with { DefectVariant = variant });
        var results = await run.RunAsync(run.SelectedCases, observer, cancellationToken).ConfigureAwait(false);
        run.Complete();
        return (results, run.Directory);
    }
}
