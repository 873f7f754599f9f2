using Conformance.Engine.DriverBuilds;

namespace Conformance.Engine.Coverage;

/// <summary>Builds a driver again with coverage into a folder of the run (docs/coverage.md).</summary>
public static class CoverageBuilder
{
    /// <summary>
    /// Build <paramref name="recipe"/>'s driver into <paramref name="folder"/>; a build already there (a resumed run)
    /// is used as it is, so its counts go on adding up.
    /// </summary>
    /// <exception cref="CoverageBuildException">The build failed.</exception>
    public static async Task<CoverageBuild> BuildAsync(CoverageRecipe recipe, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipe);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        string library = Path.Combine(folder, Path.GetFileName(recipe.Library));
        return recipe.MakefileFolder is { } makefileFolder
            ? await MakeAsync(makefileFolder, folder, library, cancellationToken).ConfigureAwait(false)
            : await CompileAsync(recipe.Library, folder, library, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<CoverageBuild> MakeAsync(string makefileFolder, string folder, string library, CancellationToken cancellationToken)
    {
        var build = new CoverageBuild(library, folder, makefileFolder, [makefileFolder]);
        if (File.Exists(library))
        {
            return build;
        }

        string[] arguments = ["-C", makefileFolder, "coverage", "COVERAGE_DIR=" + folder];
        var made = await ToolProcess.RunAsync("make", arguments, makefileFolder, cancellationToken).ConfigureAwait(false)
            ?? throw new CoverageBuildException("--coverage: `make` is not installed (tools/install-prerequisites.sh installs it)");
        if (made.ExitCode != 0 || !File.Exists(library))
        {
            throw new CoverageBuildException(
                $"--coverage: `{ToolProcess.Describe("make", arguments)}` "
                + (made.ExitCode != 0 ? $"failed (exit {made.ExitCode})" : $"did not write {library}")
                + $":{Environment.NewLine}{made.Errors}{made.Output}".TrimEnd());
        }

        return build;
    }

    private static async Task<CoverageBuild> CompileAsync(string original, string folder, string library, CancellationToken cancellationToken)
    {
        DriverBuildRequest request;
        try
        {
            // clang names the notes after each source, in the folder it runs in: the run's coverage folder.
            var built = DriverBuildRecipe.Read(original, library) ?? throw new CoverageBuildException(CoverageRecipe.Missing(original));
            request = built with { Coverage = true, WorkingDirectory = folder };
        }
        catch (DriverBuildException error)
        {
            throw new CoverageBuildException("--coverage: " + error.Message);
        }

        var roots = DriverSources.Folders(request.Sources).Concat(request.IncludeDirectories).Distinct(StringComparer.Ordinal).ToList();
        var build = new CoverageBuild(library, folder, folder, roots);
        if (File.Exists(library))
        {
            return build;
        }

        DriverCompileResult compile;
        try
        {
            compile = await DriverCompiler.CompileAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (DriverBuildException error)
        {
            throw new CoverageBuildException("--coverage: " + error.Message);
        }

        return compile.Succeeded
            ? build
            : throw new CoverageBuildException($"--coverage: `{compile.CommandLine}` failed (exit {compile.ExitCode}):{Environment.NewLine}{compile.Diagnostics}".TrimEnd());
    }
}
