namespace Conformance.Coverage;

/// <summary>
/// What a run reached of the driver's own code (docs/coverage.md): line and branch coverage of its source files
/// (never the simulator's shim), from a coverage build's counters.
/// </summary>
/// <param name="Tool">The tool that read the counters (gcov, or llvm-cov gcov for a clang build).</param>
/// <param name="Files">The driver's source files, by name.</param>
public sealed record CoverageReport(string Tool, IReadOnlyList<FileCoverage> Files)
{
    /// <summary>Why there are no counts (the tool was missing or failed); null when the counts are there.</summary>
    public string? Error { get; init; }

    /// <summary>A report saying why coverage could not be read; the run's verdicts stand.</summary>
    public static CoverageReport Failed(string tool, string error) => new(tool, []) { Error = error };

    /// <summary>Lines that hold code, over every file.</summary>
    public int LinesTotal => Files.Sum(f => f.LinesTotal);

    /// <summary>Lines that ran.</summary>
    public int LinesCovered => Files.Sum(f => f.LinesCovered);

    /// <summary>Branch outcomes counted.</summary>
    public int BranchesTotal => Files.Sum(f => f.BranchesTotal);

    /// <summary>Branch outcomes taken at least once.</summary>
    public int BranchesTaken => Files.Sum(f => f.BranchesTaken);

    /// <summary>Percent of lines covered (one decimal); null when there is no line with code.</summary>
    public double? LinesPercent => Percent(LinesCovered, LinesTotal);

    /// <summary>Percent of branch outcomes taken (one decimal); null when there is no branch.</summary>
    public double? BranchesPercent => Percent(BranchesTaken, BranchesTotal);

    /// <summary>Every line with code that never ran, file by file.</summary>
    public IEnumerable<(string File, CoveredLine Line)> Uncovered =>
        Files.SelectMany(f => f.Lines.Where(l => l.Executable && !l.Covered).Select(l => (f.File, l)));

    /// <summary>Every line that ran with a branch outcome that never happened.</summary>
    public IEnumerable<(string File, CoveredLine Line)> Partial =>
        Files.SelectMany(f => f.Lines.Where(l => l.Partial).Select(l => (f.File, l)));

    /// <summary>A percent as the reports print it: "87.2%", or "n/a" for none.</summary>
    public static string PercentText(double? percent) =>
        percent is { } value ? value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%" : "n/a";

    /// <summary><paramref name="part"/> of <paramref name="total"/> in percent, rounded down to one decimal (99.96 is not 100).</summary>
    public static double? Percent(int part, int total) => total == 0 ? null : Math.Floor(part * 1000.0 / total) / 10;
}
