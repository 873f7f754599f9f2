using System.Globalization;
using Conformance.Engine.Coverage;
using Conformance.Reports;
using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>
/// One conformance run: the catalog, a folder results/&lt;run-id&gt;/, a started target per device
/// (kept between calls), and every case result so far. Front ends open it, fire cases (all at once,
/// or one by one as the NUnit suite does), and complete it, which writes every report and points
/// results/latest at the run. The CLI's `run` and `selfcheck`, the NUnit suite and run-suite.ps1
/// (through the CLI) all come through here. A run whose runner went down (killed, or a machine that
/// rebooted under it) is continued from its journal with <see cref="ResumeAsync"/>.
/// </summary>
public sealed class ConformanceRun : IAsyncDisposable
{
    /// <summary>The journal's name in a run folder (journal.txt.gz once the run completed: JournalArchive).</summary>
    internal const string JournalFile = "journal.txt";

    private readonly RunSettings settings;
    private readonly DateTimeOffset started;
    private readonly Dictionary<string, (IDeviceTarget Target, ConformanceRunner Runner)> devices = new(StringComparer.Ordinal);
    private readonly List<CaseResult> results = [];
    private readonly Dictionary<string, CoverageBuild> coverageBuilds = new(StringComparer.Ordinal);
    private readonly Journal journal;
    private TargetCapabilities? capabilities;

    // One kernel secret per run, in every boot of every target (journaled, so a resumed run plants it again): a leak
    // is judged against the bytes it could have leaked, whichever boot, or which runner, judges it.
    private byte[] kernelSecret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(KernelSecretBytes);

    private const int KernelSecretBytes = 32;

    // A new run whose first target did not start has fired nothing: its folder goes with it (see RunnerForAsync).
    private bool isNewRun;
    private bool discardFolder;

    private ConformanceRun(RunSettings settings, ScenarioCatalog catalog, IReadOnlyList<ScenarioCase> selected, string runId, DateTimeOffset started)
    {
        this.settings = settings;
        this.started = started;
        Catalog = catalog;
        RunId = runId;
        Directory = ReportSet.RunFolder(settings.ResolvedResultsRoot, RunId);
        SelectedCases = selected;
        RemainingCases = SelectedCases;
        System.IO.Directory.CreateDirectory(Directory);
        // fsync before each batch only where a driver crash takes the runner's machine down (the Windows
        // target); with the simulator only SimHost dies, and a write handed to the OS already survives that.
        journal = new Journal(Path.Combine(Directory, JournalFile), syncToDisk: MachineDiesWithDriver);
    }

    /// <summary>Every target but the simulator runs the driver on the runner's own machine: a driver crash kills the runner too.</summary>
    private bool MachineDiesWithDriver => settings.Target != "simulator";

    /// <summary>The loaded catalog.</summary>
    public ScenarioCatalog Catalog { get; }

    /// <summary>The cases the settings' filter selects (substring of the id), in catalog order.</summary>
    public IReadOnlyList<ScenarioCase> SelectedCases { get; }

    /// <summary>The selected cases that still need firing: all of them, or after a resume those without a result.</summary>
    public IReadOnlyList<ScenarioCase> RemainingCases { get; private set; }

    /// <summary>Run id and folder name.</summary>
    public string RunId { get; }

    /// <summary>The run's folder under results/.</summary>
    public string Directory { get; }

    /// <summary>The raw event capture of this run (kept only when a case failed or errored).</summary>
    public string RawCaptureDirectory => Path.Combine(Directory, "capture");

    /// <summary>
    /// The simulated volume C: of this run: files the driver writes with ZwCreateFile/ZwWriteFile land here (made on
    /// the driver's first file call), and a resumed run finds them again, as a rebooted machine finds its disk.
    /// </summary>
    public string SandboxDirectory => Path.Combine(Directory, "sandbox");

    /// <summary>The simulated driver's DbgPrint output of the whole run, when it printed any.</summary>
    public string DriverDebugOutput => Path.Combine(Directory, "driver-debug.txt");

    /// <summary>With --coverage: the coverage builds of the run's drivers and the counts their hosts wrote (docs/coverage.md).</summary>
    public string CoverageDirectory => Path.Combine(Directory, "coverage");

    /// <summary>Results so far, in firing order.</summary>
    public IReadOnlyList<CaseResult> Results => results;

    /// <summary>
    /// Load the catalog (or throw <see cref="CatalogLoadException"/>), check the selection and the driver
    /// (<see cref="RunPreflight"/>: <see cref="CaseSelectionException"/> for a selection of no case,
    /// <see cref="RunSettingsException"/> for a driver that cannot be run), then prepare the run folder.
    /// </summary>
    public static ConformanceRun Open(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var catalog = LoadCatalog(settings);
        var selected = settings.Select(catalog);
        RunPreflight.Check(settings, catalog, selected);
        var started = DateTimeOffset.UtcNow;
        string runId = started.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + "-" + settings.Target
            + (settings.DefectVariant != 0 ? $"-v{settings.DefectVariant}" : string.Empty);
        var run = new ConformanceRun(settings, catalog, selected, runId, started) { isNewRun = true };
        run.journal.Started(started);
        run.journal.Options(JournaledOptions(settings, selected));
        run.journal.KernelSecret(run.kernelSecret);
        return run;
    }

    /// <summary>
    /// Continue the run in <paramref name="runDirectory"/> (results/&lt;run-id&gt;/) from its journal: every case
    /// that returned is judged from its journaled outcome (and counts toward its IOCTL's circuit), and
    /// <see cref="RemainingCases"/> holds the rest. A case that was in flight when the journal ends is, on a
    /// real machine, the one that took it down; see <see cref="ResumePlan"/>. The settings must select the same cases as the first run (same scenarios, filter).
    /// </summary>
    public static async Task<ConformanceRun> ResumeAsync(RunSettings settings, string runDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var given = new DirectoryInfo(Path.TrimEndingDirectorySeparator(Path.GetFullPath(runDirectory)));
        // results/latest is a link: the run keeps its own id and folder, and latest keeps pointing at it.
        string folder = given.LinkTarget is not null ? given.ResolveLinkTarget(returnFinalTarget: true)!.FullName : given.FullName;
        string journalPath = Path.Combine(folder, JournalFile);
        if (!JournalArchive.Unpack(journalPath))
        {
            throw new ResumeException($"'{runDirectory}' has no {JournalFile}: pass the folder of the run to continue (results/<run-id>/).");
        }

        JournalHistory history;
        // The journal's last write was just before the machine went down (a fire record is fsynced before each
        // call): a bugcheck the machine logged about that call was logged after it.
        var lastWritten = new DateTimeOffset(File.GetLastWriteTimeUtc(journalPath), TimeSpan.Zero);
        try
        {
            history = JournalHistory.Read(journalPath);
        }
        catch (FormatException error)
        {
            throw new ResumeException($"the journal cannot be read: {error.Message}");
        }

        settings = settings with { ResultsRoot = Path.GetDirectoryName(folder) };
        var catalog = LoadCatalog(settings);
        var selected = settings.Select(catalog);
        if (history.Options is { } first && JournaledOptions(settings, selected).FirstOrDefault(o => first.GetValueOrDefault(o.Key) != o.Value) is { Key: not null } changed)
        {
            throw new ResumeException(
                $"the run was started with {changed.Key} '{first.GetValueOrDefault(changed.Key)}', this one has '{changed.Value}': resume with the same options, or verdicts of two runs would mix under one id.");
        }

        ConformanceRun run;
        try
        {
            run = new ConformanceRun(settings, catalog, selected, Path.GetFileName(folder), history.StartedAt ?? new DirectoryInfo(folder).CreationTimeUtc);
        }
        catch (IOException error)
        {
            throw new ResumeException(error.Message);
        }

        if (history.KernelSecret is { Length: KernelSecretBytes } secret)
        {
            run.kernelSecret = secret;
        }
        else
        {
            // A journal from before the secret was journaled: outcomes fired then cannot be judged against the secret
            // they could leak; from here on this run keeps one secret, journaled now.
            run.journal.KernelSecret(run.kernelSecret);
        }

        try
        {
            await run.ReplayAsync(history, lastWritten, cancellationToken).ConfigureAwait(false);
            return run;
        }
        catch
        {
            await run.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>What <see cref="ResumeAsync"/> did (null for a new run): outcomes judged from the journal, cases fired again, the one lost with the machine.</summary>
    public ResumePlan? Resumed { get; private set; }

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
        foreach (var device in Devices(SelectedCases))
        {
            await RunnerForAsync(device, cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<DeviceProfile> Devices(IEnumerable<ScenarioCase> cases) => cases.Select(c => c.Device).DistinctBy(d => d.Name);

    /// <summary>What decides the meaning of a verdict, as recorded in the journal and checked on resume.</summary>
    private static Dictionary<string, string> JournaledOptions(RunSettings settings, IReadOnlyList<ScenarioCase> selected) => new(StringComparer.Ordinal)
    {
        ["target"] = settings.Target,
        ["driver"] = TargetFactory.DescribeDriver(settings with { DefectVariant = 0 }, Devices(selected)),
        ["defect_variant"] = settings.DefectVariant.ToString(CultureInfo.InvariantCulture),
        ["scenarios"] = settings.ResolvedScenariosRoot,
        ["filter"] = settings.Filter ?? string.Empty,
    };

    private static ScenarioCatalog LoadCatalog(RunSettings settings)
    {
        var loaded = settings.LoadCatalog();
        return loaded.Value ?? throw new CatalogLoadException(loaded.Errors);
    }

    private async Task ReplayAsync(JournalHistory history, DateTimeOffset lastWritten, CancellationToken cancellationToken)
    {
        var selected = SelectedCases.ToDictionary(c => c.Id, StringComparer.Ordinal);
        if (history.Outcomes.Select(o => o.CaseId).Concat(history.Unreturned).FirstOrDefault(id => !selected.ContainsKey(id)) is { } unknown)
        {
            throw new ResumeException(
                $"the journal names case '{unknown}', which these settings do not select: resume with the same --scenarios, --filter and --root as the first run.");
        }

        var plan = ResumePlan.From(history, MachineDiesWithDriver);
        if (plan.LostInFlight is { } lostCase)
        {
            plan = await WithRecordedBugcheckAsync(plan, selected[lostCase], lastWritten, cancellationToken).ConfigureAwait(false);
            journal.Returned(plan.Outcomes.Skip(history.Outcomes.Count));
        }

        journal.Abandoned(plan.FireAgain);
        foreach (var outcome in plan.Outcomes)
        {
            var scenarioCase = selected[outcome.CaseId];
            var runner = await RunnerForAsync(scenarioCase.Device, cancellationToken).ConfigureAwait(false);
            results.Add(runner.Replay(scenarioCase, history.WithBuffers(outcome, scenarioCase.Call)));
        }

        journal.Flush();
        var returned = plan.Outcomes.Select(o => o.CaseId).ToHashSet(StringComparer.Ordinal);
        RemainingCases = [.. SelectedCases.Where(c => !returned.Contains(c.Id))];
        Resumed = plan;
    }

    /// <summary>
    /// The lost call as the crash the machine recorded about it (on Windows: Kernel-Power 41 / BugCheck 1001 in the
    /// System log after the reboot), when the target finds one; else it stays machine_lost.
    /// </summary>
    private async Task<ResumePlan> WithRecordedBugcheckAsync(ResumePlan plan, ScenarioCase lost, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        await RunnerForAsync(lost.Device, cancellationToken).ConfigureAwait(false); // starts the device's target
        var record = await devices[lost.Device.Name].Target.FindBugcheckAsync(lost.Id, lost.Call.IoControlCode, notBefore, cancellationToken).ConfigureAwait(false);
        return record is null ? plan : plan.WithRecordedBugcheck(record);
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
            DriverDescription = TargetFactory.DescribeDriver(settings, Devices(SelectedCases)),
            ScenariosRoot = Catalog.Root,
            Invocation = new RunInvocation
            {
                DefectVariant = settings.DefectVariant,
                Filter = settings.Filter,
                DriverPath = settings.DriverPath,
                RunDirectory = AsTyped(Directory, settings.RepositoryRoot),
            },
            Results = results,
            Coverage = coverageBuilds.Count == 0 ? null : ReadCoverage(),
        };
        ReportSet.All(settings.RepositoryRoot).Write(run, settings.ResolvedResultsRoot);
        Reproducers.ReproducerSet.Write(run, Directory, Catalog.Root);
        PointLatestAt(settings.ResolvedResultsRoot, RunId);
        if (run.Summary.Failed + run.Summary.Errors == 0 && System.IO.Directory.Exists(RawCaptureDirectory))
        {
            // Raw streams are evidence for failures; a clean run does not need to keep megabytes of them.
            System.IO.Directory.Delete(RawCaptureDirectory, recursive: true);
        }

        // The run is over: its journal is closed and kept gzipped (a resume unpacks it; zcat reads it).
        journal.Dispose();
        JournalArchive.Pack(Path.Combine(Directory, JournalFile));
        return run;
    }

    /// <summary>
    /// The coverage of the run's drivers. Their hosts are shut down first: the orderly end runs DriverUnload, and the
    /// host's exit writes its counts, so the unload path is counted too (every case's counts are written already).
    /// </summary>
    private Conformance.Coverage.CoverageReport ReadCoverage()
    {
        foreach (var (target, _) in devices.Values)
        {
            target.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        devices.Clear();
        return CoverageReader.ReadAsync([.. coverageBuilds.Values], settings.RepositoryRoot, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>A path as a command typed at the repository root names it: relative inside the repository, else absolute.</summary>
    internal static string AsTyped(string path, string repositoryRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(repositoryRoot), Path.GetFullPath(path));
        return (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? Path.GetFullPath(path) : relative).Replace('\\', '/');
    }

    private async Task<ConformanceRunner> RunnerForAsync(DeviceProfile device, CancellationToken cancellationToken)
    {
        if (devices.TryGetValue(device.Name, out var open))
        {
            return open.Runner;
        }

        var targetSettings = settings with { RawCaptureDirectory = RawCaptureDirectory, SandboxDirectory = SandboxDirectory, DriverDebugOutput = DriverDebugOutput };
        if (settings.Coverage)
        {
            targetSettings = targetSettings with { DriverPath = (await CoverageBuildForAsync(device, cancellationToken).ConfigureAwait(false)).Library };
        }

        var target = TargetFactory.Create(targetSettings, device, kernelSecret);
        try
        {
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (SimulatorStartException error) when (isNewRun && devices.Count == 0)
        {
            // The driver did not load (e.g. its DriverEntry failed with 0xC000000D for a variant it does not have):
            // nothing was fired, so there is no run to keep or resume.
            await target.DisposeAsync().ConfigureAwait(false);
            discardFolder = true;
            string firstLine = error.Message.Split('\n', 2)[0].Trim();
            throw new RunSettingsException($"the simulator could not load the driver: {firstLine}", error);
        }
        catch (LivenessCheckException error) when (isNewRun && devices.Count == 0)
        {
            // The profile's liveness call fails before any case ran: one error, not a DEVICE_DEAD per case.
            await target.DisposeAsync().ConfigureAwait(false);
            discardFolder = true;
            throw new RunSettingsException($"device '{device.Name}': {error.Message}", error);
        }
        catch (Conformance.Targets.Windows.WindowsTargetException error) when (isNewRun && devices.Count == 0)
        {
            // Not elevated, no such service or device, a driver that did not start: nothing was fired either.
            await target.DisposeAsync().ConfigureAwait(false);
            discardFolder = true;
            throw new RunSettingsException($"the Windows target cannot start: {error.Message}", error);
        }

        capabilities ??= target.Capabilities;
        // Where the machine dies with the driver, each call is journaled alone, so the call in flight when it
        // went down is exactly the one that took it down (ResumePlan); SimHost can take whole batches.
        var options = new RunOptions { BatchSize = MachineDiesWithDriver ? 1 : RunOptions.DefaultBatchSize };
        var runner = new ConformanceRunner(target, options, journal);
        devices[device.Name] = (target, runner);
        return runner;
    }

    /// <summary>
    /// The coverage build of the device's driver, made once per driver in <see cref="CoverageDirectory"/> (a resumed run
    /// finds it there and its counts go on adding up). A build that fails before anything was fired is a refusal.
    /// </summary>
    private async Task<CoverageBuild> CoverageBuildForAsync(DeviceProfile device, CancellationToken cancellationToken)
    {
        string driver = Path.GetFullPath(TargetFactory.SimulatorDriverPath(settings, device), settings.RepositoryRoot);
        if (coverageBuilds.TryGetValue(driver, out var built))
        {
            return built;
        }

        var recipe = CoverageRecipe.Find(driver) ?? throw new RunSettingsException(CoverageRecipe.Missing(driver));
        try
        {
            string folder = Path.Combine(CoverageDirectory, Path.GetFileNameWithoutExtension(driver) + (coverageBuilds.Count == 0 ? string.Empty : $"-{coverageBuilds.Count + 1}"));
            built = await CoverageBuilder.BuildAsync(recipe, folder, cancellationToken).ConfigureAwait(false);
        }
        catch (CoverageBuildException error)
        {
            discardFolder = isNewRun && devices.Count == 0; // nothing was fired: no run to keep or resume
            throw new RunSettingsException(error.Message, error);
        }

        coverageBuilds[driver] = built;
        return built;
    }

    private static void PointLatestAt(string resultsRoot, string runId)
    {
        string latest = Path.Combine(resultsRoot, "latest");
        File.Delete(latest + ".txt");
        bool isLink = new FileInfo(latest).LinkTarget is not null;
        if (isLink && OperatingSystem.IsWindows())
        {
            System.IO.Directory.Delete(latest); // a directory link: removed as a folder on Windows, its target stays
        }
        else if (isLink || File.Exists(latest))
        {
            File.Delete(latest);
        }
        else if (System.IO.Directory.Exists(latest))
        {
            System.IO.Directory.Delete(latest, recursive: true);
        }

        try
        {
            // A link to a folder: on Windows a file link to a folder cannot be entered, so it is a directory link
            // (the Windows runner is elevated, which directory links need).
            System.IO.Directory.CreateSymbolicLink(latest, runId);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // No links here (Windows without the privilege): the text file below says where the newest run is.
        }

        if (!System.IO.Directory.Exists(latest))
        {
            // Also where the link call claims success and makes nothing (Wine 8: docs/wine.md).
            File.WriteAllText(latest + ".txt", runId + Environment.NewLine);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var (target, _) in devices.Values)
        {
            await target.DisposeAsync().ConfigureAwait(false);
        }

        devices.Clear();
        journal.Dispose();
        if (discardFolder && System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
