namespace Conformance.Coverage;

/// <summary>
/// The exclusion markers of lcov's convention, written in the driver's source comments: <c>LCOV_EXCL_LINE</c> on a
/// line, or <c>LCOV_EXCL_START</c> ... <c>LCOV_EXCL_STOP</c> around a region (regions may nest). Excluded lines still
/// show their counts but leave the percentages and the uncovered list: code a test build carries that the driver
/// never runs, such as the reference driver's seeded-defect branches. Reports count them, so nothing is hidden.
/// </summary>
public static class ExclusionMarkers
{
    private const string Line = "LCOV_EXCL_LINE";
    private const string Start = "LCOV_EXCL_START";
    private const string Stop = "LCOV_EXCL_STOP";

    /// <summary>The lines with <see cref="CoveredLine.Excluded"/> set where the markers say so.</summary>
    public static IReadOnlyList<CoveredLine> Apply(IReadOnlyList<CoveredLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var marked = new List<CoveredLine>(lines.Count);
        int depth = 0;
        foreach (var line in lines)
        {
            if (line.Text.Contains(Start, StringComparison.Ordinal))
            {
                depth++;
            }

            bool excluded = depth > 0 || line.Text.Contains(Line, StringComparison.Ordinal);
            if (line.Text.Contains(Stop, StringComparison.Ordinal) && depth > 0)
            {
                depth--;
            }

            marked.Add(excluded ? line with { Excluded = true } : line);
        }

        return marked;
    }
}
