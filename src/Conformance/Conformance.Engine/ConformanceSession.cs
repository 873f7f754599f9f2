using System.Globalization;
using Conformance.Reports;
using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>
/// One conformance run end to end: load and filter the catalog, start the target per device, run,
/// write every report to results/&lt;run-id&gt;/ and point results/latest at it.
/// The CLI's `run`, the NUnit suite and run-suite.ps1 all come through here.
/// </summary>
public static class ConformanceSession
{
    /// <summary>Load the catalog or throw <see cref="CatalogLoadException"/>.</summary>
    public static ScenarioCatalog LoadCatalog(RunSettings settings)
    {
        var loaded = ScenarioCatalog.Load(settings.ResolvedScenariosRoot, new ScenarioLoadOptions { DisplayRoot = settings.RepositoryRoot });
        return loaded.Value ?? throw new CatalogLoadException(loaded.Errors);
    }

    /// <summary>Cases selected by the settings' filter (substring of the id), in catalog order.</summary>
    public static IReadOnlyList<ScenarioCase> Select(ScenarioCatalog catalog, RunSettings settings) =>
        settings.Filter is null
            ? catalog.Cases
            : catalog.Cases.Where(c => c.Id.Contains(settings.Filter, StringComparison.Ordinal)).ToList();

    /// <summary>Run the selected cases and write the reports. Returns the run and its folder.</summary>
    public static async Task<(RunResult Run, string Directory)> RunAsync(
        RunSettings settings, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var catalog = LoadCatalog(settings);
        var cases = Select(catalog, settings);
        var started = DateTimeOffset.UtcNow;
        string runId = started.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + settings.Target
            + (settings.DefectVariant != 0 ? $"-v{settings.DefectVariant}" : string.Empty);
        string directory = ReportSet.RunFolder(settings.ResolvedResultsRoot, runId);
        Directory.CreateDirectory(directory);

        var results = new List<CaseResult>();
        Targets.TargetCapabilities? capabilities = null;
        foreach (var device in cases.GroupBy(c => c.Device.Name))
        {
            await using var target = TargetFactory.Create(settings, device.First().Device);
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            capabilities ??= target.Capabilities;
            var runner = new ConformanceRunner(target, new RunOptions { JournalPath = Path.Combine(directory, "journal.txt") });
            results.AddRange(await runner.RunAsync(device.ToList(), observer, cancellationToken).ConfigureAwait(false));
        }

        var run = new RunResult
        {
            RunId = runId,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            Target = capabilities ?? new Targets.TargetCapabilities(settings.Target, false, null, null, null, 0),
            DriverDescription = TargetFactory.DescribeDriver(settings),
            ScenariosRoot = catalog.Root,
            Results = results,
        };
        ReportSet.All(settings.RepositoryRoot).Write(run, settings.ResolvedResultsRoot);
        PointLatestAt(settings.ResolvedResultsRoot, runId);
        return (run, directory);
    }

    private static void PointLatestAt(string resultsRoot, string runId)
    {
        string latest = Path.Combine(resultsRoot, "latest");
        if (File.Exists(latest) || Directory.Exists(latest) || new FileInfo(latest).LinkTarget is not null)
        {
            File.Delete(latest);
        }

        File.CreateSymbolicLink(latest, runId);
    }
}
