using Conformance.Engine.DriverBuilds;

namespace Conformance.Engine.Coverage;

/// <summary>
/// How to build a driver library again with coverage (docs/coverage.md): its `build-driver` recipe (LIBRARY.build.json,
/// rebuilt with clang --coverage), or the Makefile of its folder when that has a `coverage` target (make coverage
/// COVERAGE_DIR=..., as driver-under-test/Makefile has: gcc --coverage).
/// </summary>
/// <param name="Library">The driver library the run was given.</param>
/// <param name="MakefileFolder">The folder whose Makefile builds it with coverage; null for a build-driver recipe.</param>
public sealed record CoverageRecipe(string Library, string? MakefileFolder)
{
    /// <summary>How far above the library's folder a Makefile is looked for (build/sim/libx.so: two).</summary>
    private const int MakefileLevels = 3;

    /// <summary>What a Makefile must name to build with coverage.</summary>
    private const string MakefileMarker = "COVERAGE_DIR";

    /// <summary>The recipe of <paramref name="library"/>; null when it has neither kind.</summary>
    public static CoverageRecipe? Find(string library)
    {
        string full = Path.GetFullPath(library);
        if (File.Exists(DriverBuildRecipe.PathFor(full)))
        {
            return new CoverageRecipe(full, null);
        }

        var folder = new DirectoryInfo(Path.GetDirectoryName(full)!);
        for (int level = 0; level <= MakefileLevels && folder is not null; level++, folder = folder.Parent)
        {
            string makefile = Path.Combine(folder.FullName, "Makefile");
            if (File.Exists(makefile))
            {
                return File.ReadAllText(makefile).Contains(MakefileMarker, StringComparison.Ordinal) ? new CoverageRecipe(full, folder.FullName) : null;
            }
        }

        return null;
    }

    /// <summary>Why a run cannot measure <paramref name="library"/>'s coverage, with the fix.</summary>
    public static string Missing(string library) =>
        $"--coverage: no way to build '{library}' with coverage: build it with `conformance build-driver` (which leaves "
        + $"{Path.GetFileName(DriverBuildRecipe.PathFor(library))} beside it), or give its Makefile a `coverage` target that takes "
        + "COVERAGE_DIR (driver-under-test/Makefile shows how; docs/coverage.md)";
}
