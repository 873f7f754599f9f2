namespace Conformance.Engine.Coverage;

/// <summary>A driver built with coverage for one run (docs/coverage.md).</summary>
/// <param name="Library">The coverage build of the driver: what SimHost loads instead of the driver given.</param>
/// <param name="DataDirectory">Where the notes (.gcno) are, and where the hosts write the counts (.gcda).</param>
/// <param name="SourceDirectory">The folder the compiler ran in: source paths in the notes are relative to it.</param>
/// <param name="SourceRoots">The driver's own folders: only files under them are reported (never the shim's headers).</param>
public sealed record CoverageBuild(string Library, string DataDirectory, string SourceDirectory, IReadOnlyList<string> SourceRoots);
