using Conformance.Scenarios;

namespace Conformance.Engine;

/// <summary>What a run is asked to do; filled from the command line, NUnit run settings or run-suite.ps1.</summary>
public sealed record RunSettings
{
    /// <summary>Repository root: scenarios, results and the reference driver are found from here.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>
    /// Scenarios folder (default: scenarios/ under the root), or one scenario file in a catalog folder (a reproducer in a
    /// run's repro/: it runs alone, with the device profiles beside it).
    /// </summary>
    public string? ScenariosRoot { get; init; }

    /// <summary>Results folder (default: results/ under the root).</summary>
    public string? ResultsRoot { get; init; }

    /// <summary>Target name: "simulator" (default) or "windows" (the real driver; runs on Windows or under Wine).</summary>
    public string Target { get; init; } = "simulator";

    /// <summary>
    /// The driver: for the simulator its Linux library (default: the reference driver's build output); for
    /// Windows a .sys to install (default: the device profile's open.windows.driver, else the installed service).
    /// </summary>
    public string? DriverPath { get; init; }

    /// <summary>Windows target: the device path to open instead of the profile's open.windows.path.</summary>
    public string? DevicePath { get; init; }

    /// <summary>Seeded defect variant of the reference driver (0 = clean).</summary>
    public uint DefectVariant { get; init; }

    /// <summary>
    /// Which cases run: null for all; text for every case whose id contains it; "@FILE" for exactly the case ids
    /// listed in FILE (one per line; blank lines and lines starting with # ignored), each of which must exist.
    /// </summary>
    public string? Filter { get; init; }

    /// <summary>Capture the driver's events (EventPipe in the simulator) for event expectations; else judge with the copies in each case result.</summary>
    public bool CaptureEvents { get; init; } = true;

    /// <summary>
    /// Record every touch of user memory by the driver (the simulator, with a driver built with the access
    /// instrumentation); false: the access rules (DOUBLE_FETCH, UNPROBED_USER_ACCESS, ...) are not judged.
    /// </summary>
    public bool AccessTrace { get; init; } = true;

    /// <summary>
    /// Measure the driver's line and branch coverage (docs/coverage.md): the simulator runs a coverage build of each
    /// driver, made in the run folder, and the reports carry what the run reached of its own source files.
    /// </summary>
    public bool Coverage { get; init; }

    /// <summary>Where the raw capture goes (.nettrace per SimHost); null for none. ConformanceRun sets it to its folder.</summary>
    public string? RawCaptureDirectory { get; init; }

    /// <summary>The simulator's volume C: for the driver's Zw file calls; null: a temporary folder per target. ConformanceRun sets it to its folder's sandbox/.</summary>
    public string? SandboxDirectory { get; init; }

    /// <summary>The file the simulated driver's DbgPrint output goes to; null for none. ConformanceRun sets it to its folder's driver-debug.txt.</summary>
    public string? DriverDebugOutput { get; init; }

    /// <summary>EventPipe session buffer in MiB.</summary>
    public int EventBufferMegabytes { get; init; } = 256;

    /// <summary>Per-call time limit on the target.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Scenarios root, resolved.</summary>
    public string ResolvedScenariosRoot => ScenariosRoot ?? Path.Combine(RepositoryRoot, "scenarios");

    /// <summary>Results root, resolved.</summary>
    public string ResolvedResultsRoot => ResultsRoot ?? Path.Combine(RepositoryRoot, "results");

    /// <summary>Driver path, resolved.</summary>
    public string ResolvedDriverPath =>
        DriverPath ?? Path.Combine(RepositoryRoot, "driver-under-test", "build", "sim", "libconformance_sample.so");

    /// <summary>Load the scenario catalog these settings name, with paths in errors shown relative to the repository.</summary>
    public LoadResult<ScenarioCatalog> LoadCatalog() => File.Exists(ResolvedScenariosRoot)
        // One scenario file (a fuzz finding, a reproducer): the catalog it sits in, only that file's cases.
        ? ScenarioValidator.LoadPath(ResolvedScenariosRoot, Path.Combine(RepositoryRoot, "scenarios"), new ScenarioLoadOptions { DisplayRoot = RepositoryRoot })
        : ScenarioCatalog.Load(ResolvedScenariosRoot, new ScenarioLoadOptions { DisplayRoot = RepositoryRoot });

    /// <summary>The cases the filter selects, in catalog order; throws <see cref="CaseSelectionException"/> for a list naming unknown cases.</summary>
    public IReadOnlyList<ScenarioCase> Select(ScenarioCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        if (Filter is null)
        {
            return catalog.Cases;
        }

        if (!Filter.StartsWith('@'))
        {
            return [.. catalog.Cases.Where(c => c.Id.Contains(Filter, StringComparison.Ordinal))];
        }

        var listed = CaseList.Read(Filter[1..]);
        var known = catalog.Cases.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        if (listed.FirstOrDefault(id => !known.Contains(id.Id)) is { Id: not null } unknown)
        {
            throw new CaseSelectionException(
                $"{Filter[1..]}:{unknown.Line}: no case '{unknown.Id}' in the catalog: the scenarios changed since the list was made; remake it or fix the id");
        }

        var ids = listed.Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        return [.. catalog.Cases.Where(c => ids.Contains(c.Id))];
    }

    /// <summary>Find the repository root above <paramref name="start"/> (the folder holding Conformance.sln).</summary>
    public static string FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Conformance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Conformance.sln above '{start}': run from inside the repository or pass --root.");
    }
}
