using Conformance.Scenarios;

namespace Conformance.Engine;

/// <summary>What a run is asked to do; filled from the command line, NUnit run settings or run-suite.ps1.</summary>
public sealed record RunSettings
{
    /// <summary>Repository root: scenarios, results and the reference driver are found from here.</summary>
    public required string RepositoryRoot { get; init; }

    /// <summary>Scenarios folder (default: scenarios/ under the root).</summary>
    public string? ScenariosRoot { get; init; }

    /// <summary>Results folder (default: results/ under the root).</summary>
    public string? ResultsRoot { get; init; }

    /// <summary>Target name: "simulator" (default). The Windows target is selected on Windows.</summary>
    public string Target { get; init; } = "simulator";

    /// <summary>Driver library for the simulator (default: the reference driver's build output).</summary>
    public string? DriverPath { get; init; }

    /// <summary>Seeded defect variant of the reference driver (0 = clean).</summary>
    public uint DefectVariant { get; init; }

    /// <summary>Substring or prefix filter on case ids; null runs every case.</summary>
    public string? Filter { get; init; }

    /// <summary>Capture the driver's events (EventPipe in the simulator) for event expectations; else judge with the copies in each case result.</summary>
    public bool CaptureEvents { get; init; } = true;

    /// <summary>Where the raw capture goes (.nettrace per SimHost); null for none. ConformanceRun sets it to its folder.</summary>
    public string? RawCaptureDirectory { get; init; }

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
    public LoadResult<ScenarioCatalog> LoadCatalog() =>
        ScenarioCatalog.Load(ResolvedScenariosRoot, new ScenarioLoadOptions { DisplayRoot = RepositoryRoot });

    /// <summary>The cases the filter selects (substring of the case id), in catalog order.</summary>
    public IReadOnlyList<ScenarioCase> Select(ScenarioCatalog catalog) =>
        Filter is null ? catalog.Cases : [.. catalog.Cases.Where(c => c.Id.Contains(Filter, StringComparison.Ordinal))];

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
