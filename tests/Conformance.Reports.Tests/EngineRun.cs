using Conformance.Engine;

namespace Conformance.Reports.Tests;

/// <summary>
/// A real run of the engine against the simulator with a seeded defect, written to a temporary results folder:
/// the reports as the CLI and the NUnit suite write them (both come through ConformanceRun).
/// </summary>
internal static class EngineRun
{
    public static string RepositoryRoot { get; } = RunSettings.FindRepositoryRoot(AppContext.BaseDirectory);

    /// <summary>
    /// Variant 2 (touch-outside-try) over the NEITHER transform: freed and no-access inputs crash the machine,
    /// everything else passes, so the page has failing groups, red heatmap cells and a table of passes.
    /// </summary>
    public static async Task<string> DefectRunAsync(string resultsRoot, string filter = "neither-transform[", uint variant = 2)
    {
        var settings = new RunSettings
        {
            RepositoryRoot = RepositoryRoot,
            ResultsRoot = resultsRoot,
            Filter = filter,
            DefectVariant = variant,
        };
        await using var run = ConformanceRun.Open(settings);
        await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();
        return run.Directory;
    }
}
