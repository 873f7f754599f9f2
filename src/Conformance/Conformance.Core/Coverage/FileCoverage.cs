namespace Conformance.Coverage;

/// <summary>One source file of the driver: every line, with counts on those that hold code.</summary>
/// <param name="File">The file as a command typed at the repository root names it (relative inside it, else absolute).</param>
/// <param name="Lines">Every line of the file in order.</param>
public sealed record FileCoverage(string File, IReadOnlyList<CoveredLine> Lines)
{
    /// <summary>Lines that hold code.</summary>
    public int LinesTotal => Lines.Count(l => l.Executable);

    /// <summary>Lines that hold code and ran.</summary>
    public int LinesCovered => Lines.Count(l => l.Covered);

    /// <summary>Branch outcomes counted.</summary>
    public int BranchesTotal => Lines.Sum(l => l.Branches);

    /// <summary>Branch outcomes taken at least once.</summary>
    public int BranchesTaken => Lines.Sum(l => l.BranchesTaken);
}
