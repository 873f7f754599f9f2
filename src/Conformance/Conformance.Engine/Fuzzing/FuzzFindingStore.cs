using System.Globalization;
using Conformance.Engine.Reproducers;
using Conformance.Reports;
using Conformance.Verdicts;

namespace Conformance.Engine.Fuzzing;

/// <summary>One finding a fuzz session wrote: its key, its reproducer and when it was found.</summary>
/// <param name="Key">(category, site), e.g. "BUGCHECK @ SampleSetConfig (buffered.c:88)".</param>
/// <param name="File">The one-case scenario that reproduces it.</param>
/// <param name="FoundAfter">Time into the session when the input that showed it ran (null: an earlier session).</param>
/// <param name="Execs">Execs into the session when it was found.</param>
public sealed record FuzzFinding(string Key, string File, TimeSpan? FoundAfter, ulong Execs);

/// <summary>
/// A device's findings/ folder: one reproducer scenario per (category, site), with the device profiles beside them
/// in devices/ so the folder is a catalog of its own: `conformance run --scenarios findings/NNN-....yaml` replays one,
/// `--scenarios findings` all. The first line of each file names its key, so a resumed session knows what it has.
/// </summary>
public sealed class FuzzFindingStore
{
    private const string KeyPrefix = "# fuzz-finding: ";
    private readonly List<FuzzFinding> _findings = [];

    private FuzzFindingStore(string folder) => Folder = folder;

    /// <summary>The findings/ folder.</summary>
    public string Folder { get; }

    /// <summary>Every finding, earlier sessions' first.</summary>
    public IReadOnlyList<FuzzFinding> Findings => _findings;

    /// <summary>Open (and create) the findings of <paramref name="deviceDirectory"/>, copying the catalog's device profiles beside them.</summary>
    public static FuzzFindingStore Open(string deviceDirectory, string scenariosRoot)
    {
        var store = new FuzzFindingStore(Path.Combine(deviceDirectory, "findings"));
        string devices = Path.Combine(store.Folder, "devices");
        Directory.CreateDirectory(devices);
        foreach (string profile in Directory.EnumerateFiles(Path.Combine(scenariosRoot, "devices"), "*.yaml"))
        {
            File.Copy(profile, Path.Combine(devices, Path.GetFileName(profile)), overwrite: true);
        }

        foreach (string file in Directory.EnumerateFiles(store.Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            string? first = File.ReadLines(file).FirstOrDefault();
            if (first is not null && first.StartsWith(KeyPrefix, StringComparison.Ordinal))
            {
                store._findings.Add(new FuzzFinding(first[KeyPrefix.Length..], file, null, 0));
            }
        }

        return store;
    }

    /// <summary>Whether <paramref name="key"/> has a reproducer already.</summary>
    public bool Knows(string key) => _findings.Any(f => f.Key == key);

    /// <summary>Write the reproducer of <paramref name="result"/> (its case is the minimized input) under <paramref name="key"/>.</summary>
    public FuzzFinding Write(string key, CaseResult result, string sessionId, string driverDescription, uint defectVariant, TimeSpan foundAfter, ulong execs)
    {
        ArgumentNullException.ThrowIfNull(result);
        var category = result.Findings.FirstOrDefault(f => FuzzFindingKey.Of(f, result) == key)?.Category ?? result.Findings[0].Category;
        string file = Path.Combine(Folder, string.Create(CultureInfo.InvariantCulture, $"{_findings.Count + 1:D3}-{category.ToReportName().ToLowerInvariant().Replace('_', '-')}.yaml"));
        string variant = defectVariant == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $" --defect-variant {defectVariant}");
        string text = KeyPrefix + key + Environment.NewLine
            + $"# replay: conformance run --scenarios {file}{variant}" + Environment.NewLine
            + ReproducerYaml.For(result, sessionId, driverDescription);
        File.WriteAllText(file, text);
        var finding = new FuzzFinding(key, file, foundAfter, execs);
        _findings.Add(finding);
        return finding;
    }
}
