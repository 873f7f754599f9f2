using System.Globalization;
namespace Conformance.Coverage;

/// <summary>The line `run --coverage` (and the NUnit suite with Coverage=true) prints after the counts (docs/coverage.md).</summary>
public static class CoverageSummary
{
    /// <summary>How many uncovered lines are named on the line; the rest are in report.html and results.json.</summary>
    private const int NamedLines = 8;

    /// <summary>Lines and branches covered, and the first lines that never ran.</summary>
    public static string Line(CoverageReport coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.Error is { } error)
        {
            return $"coverage: not measured: {error}";
        }

        var uncovered = coverage.Uncovered.ToList();
        string named = uncovered.Count == 0 ? "every line ran"
            : $"{uncovered.Count} line(s) never ran: " + string.Join(", ", uncovered.Take(NamedLines).Select(u => $"{u.File}:{u.Line.Number}"))
              + (uncovered.Count > NamedLines ? ", ..." : string.Empty);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"coverage: lines {CoverageReport.PercentText(coverage.LinesPercent)} ({coverage.LinesCovered}/{coverage.LinesTotal}), branches {CoverageReport.PercentText(coverage.BranchesPercent)} ({coverage.BranchesTaken}/{coverage.BranchesTotal}) of {coverage.Files.Count} driver file(s); {named}");
    }
}
