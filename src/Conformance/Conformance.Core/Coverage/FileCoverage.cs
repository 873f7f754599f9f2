namespace Conformance.Coverage;

/// <summary>One source file of the driver: every line, with counts on those that hold code.</summary>
/// <param name="File">The file as a command typed at the repository root names it (relative inside it, else absolute).</param>
/// <param name="Lines">Every line of the file in order.</param>
public sealed record FileCoverage(string File, IReadOnlyList<CoveredLine> Lines)
{
    /// <summary>Lines that hold code, excluded lines not counted.</summary>
    public int LinesTotal => Lines.Count(l => l.Counted);

    /// <summary>Lines that hold code and ran, excluded lines not counted.</summary>
    public int LinesCovered => Lines.Count(l => l.Counted && l.Covered);

    /// <summary>Lines with code under an exclusion marker.</summary>
    public int LinesExcluded => Lines.Count(l => l.Executable && l.Excluded);

    /// <summary>Branch outcomes counted.</summary>
    public int BranchesTotal => Lines.Where(l => l.Counted).Sum(l => l.Branches);

    /// <summary>Branch outcomes taken at least once.</summary>
    public int BranchesTaken => Lines.Where(l => l.Counted).Sum(l => l.BranchesTaken);
}
