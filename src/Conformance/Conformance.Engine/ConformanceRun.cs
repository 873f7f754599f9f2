using System.Globalization;
using Conformance.Reports;
using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>
/// One conformance run: the catalog, a folder results/&lt;run-id&gt;/, a started target per device
/// (kept between calls), and every case result so far. Front ends open it, fire cases (all at once,
/// or one by one as the NUnit suite does), and complete it, which writes every report and points
/// results/latest at the run. The CLI's `run` and `selfcheck`, the NUnit suite and run-suite.ps1
/// (through the CLI) all come through here.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    private readonly RunSettings settings;
    private readonly DateTimeOffset started = DateTimeOffset.UtcNow;
    private readonly Dictionary<string, (IDeviceTarget Target, ConformanceRunner Runner)> devices = new(StringComparer.Ordinal);
    private readonly List<CaseResult> results = [];
    private TargetCapabilities? capabilities;

    private ConformanceRun(RunSettings settings, ScenarioCatalog catalog)
    {
        this.settings = settings;
        Catalog = catalog;
        RunId = started.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + settings.Target
            + (settings.DefectVariant != 0 ? $"-v{settings.DefectVariant}" : string.Empty);
        Directory = ReportSet.RunFolder(settings.ResolvedResultsRoot, RunId);
        SelectedCases = settings.Select(catalog);
    }

    /// <summary>The loaded catalog.</summary>
    public ScenarioCatalog Catalog { get; }

    /// <summary>The cases the settings' filter selects (substring of the id), in catalog order.</summary>
    public IReadOnlyList<ScenarioCase> SelectedCases { get; }

    /// <summary>Run id and folder name.</summary>
    public string RunId { get; }

    /// <summary>The run's folder under results/.</summary>
    public string Directory { get; }

    /// <summary>The raw event capture of this run (kept only when a case failed or errored).</summary>
    public string RawCaptureDirectory => Path.Combine(Directory, "capture");

    /// <summary>Results so far, in firing order.</summary>
    public IReadOnlyList<CaseResult> Results => results;

    /// <summary>Load the catalog (or throw <see cref="CatalogLoadException"/>) and prepare the run folder.</summary>
    public static ConformanceRun Open(RunSettings settings)
    {
        var loaded = settings.LoadCatalog();
        var run = new ConformanceRun(settings, loaded.Value ?? throw new CatalogLoadException(loaded.Errors));
        System.IO.Directory.CreateDirectory(run.Directory);
        return run;
    }

    /// <summary>Fire <paramref name="cases"/> and return their results (also kept for the reports).</summary>
    public async Task<IReadOnlyList<CaseResult>> RunAsync(
        IReadOnlyList<ScenarioCase> cases, IRunObserver? observer, CancellationToken cancellationToken)
    {
        var judged = new List<CaseResult>(cases.Count);
        foreach (var group in cases.GroupBy(c => c.Device.Name))
        {
            var runner = await RunnerForAsync(group.First().Device, cancellationToken).ConfigureAwait(false);
            judged.AddRange(await runner.RunAsync(group.ToList(), observer, cancellationToken).ConfigureAwait(false));
        }

        results.AddRange(judged);
        return judged;
    }

    /// <summary>Start the target of every device the selected cases use (otherwise each starts on first use).</summary>
    public async Task StartTargetsAsync(CancellationToken cancellationToken)
    {
        foreach (var device in SelectedCases.Select(c => c.Device).DistinctBy(d => d.Name))
        {
            await RunnerForAsync(device, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Write every report for the results so far and point results/latest at this run.</summary>
    public RunResult Complete()
    {
        var run = new RunResult
        {
            RunId = RunId,
            StartedAt = started,
            FinishedAt = DateTimeOffset.UtcNow,
            Target = capabilities ?? new TargetCapabilities(settings.Target, false, null, null, null, 0),
            DriverDescription = TargetFactory.DescribeDriver(settings),
            ScenariosRoot = Catalog.Root,
            Results = results,
        };
        ReportSet.All(settings.RepositoryRoot).Write(run, settings.ResolvedResultsRoot);
        Reproducers.ReproducerSet.Write(run, Directory, Catalog.Root);
        PointLatestAt(settings.ResolvedResultsRoot, RunId);
        if (run.Summary.Failed + run.Summary.Errors == 0 && System.IO.Directory.Exists(RawCaptureDirectory))
        {
            // Raw streams are evidence for failures; a clean run does not need to keep megabytes of them.
            System.IO.Directory.Delete(RawCaptureDirectory, recursive: true);
        }

        return run;
    }

    private async Task<ConformanceRunner> RunnerForAsync(DeviceProfile device, CancellationToken cancellationToken)
    {
        if (devices.TryGetValue(device.Name, out var open))
        {
            return open.Runner;
        }

        var target = TargetFactory.Create(settings with { RawCaptureDirectory = RawCaptureDirectory }, device);
        await target.StartAsync(cancellationToken).ConfigureAwait(false);
        capabilities ??= target.Capabilities;
        var runner = new ConformanceRunner(target, new RunOptions
        {
            JournalPath = Path.Combine(Directory, "journal.txt"),
            SyncJournalToDisk = settings.Target != "simulator", // only SimHost dies with a simulated driver
        });
        devices[device.Name] = (target, runner);
        return runner;
    }

    private static void PointLatestAt(string resultsRoot, string runId)
    {
        string latest = Path.Combine(resultsRoot, "latest");
        if (new FileInfo(latest).LinkTarget is not null || File.Exists(latest))
        {
            File.Delete(latest);
        }
        else if (System.IO.Directory.Exists(latest))
        {
            System.IO.Directory.Delete(latest, recursive: true);
        }

        File.CreateSymbolicLink(latest, runId);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var (target, runner) in devices.Values)
        {
            runner.Dispose();
            await target.DisposeAsync().ConfigureAwait(false);
        }

        devices.Clear();
    }
}
