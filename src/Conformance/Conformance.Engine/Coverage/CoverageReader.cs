using Conformance.Coverage;

namespace Conformance.Engine.Coverage;

/// <summary>
/// Reads what the hosts counted in a coverage build (docs/coverage.md) with the gcov that matches its compiler (gcc's
/// gcov for a gcc build, llvm-cov gcov for a clang one: each reads only its own compiler's notes), and keeps the
/// driver's own files.
/// </summary>
public static class CoverageReader
{
    /// <summary>The llvm-cov binaries tried, in order (clang-14's is named with its version on Debian).</summary>
    public static IReadOnlyList<string> LlvmCovCandidates { get; } = ["llvm-cov-14", "llvm-cov"];

    /// <summary>
    /// The coverage of every build, merged into one report with paths as typed at <paramref name="repositoryRoot"/>.
    /// A tool that is missing or fails gives a report that says so (<see cref="CoverageReport.Error"/>): the run's
    /// verdicts never depend on it.
    /// </summary>
    public static async Task<CoverageReport> ReadAsync(IReadOnlyList<CoverageBuild> builds, string repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builds);
        var files = new List<FileCoverage>();
        var tools = new List<string>();
        foreach (var build in builds)
        {
            var notes = Directory.EnumerateFiles(build.DataDirectory, "*.gcno").Order(StringComparer.Ordinal).ToList();
            if (notes.Count == 0)
            {
                return CoverageReport.Failed("gcov", $"no coverage notes (.gcno) in {build.DataDirectory}");
            }

            var (tool, prefix) = IsLlvmNotes(notes[0]) ? (FindLlvmCov(), new[] { "gcov" }) : ("gcov", Array.Empty<string>());
            if (tool is null)
            {
                return CoverageReport.Failed("llvm-cov gcov", $"no llvm-cov on PATH (tried {string.Join(", ", LlvmCovCandidates)}): tools/install-prerequisites.sh installs llvm-14");
            }

            // -b -c: branch outcomes with counts; -t: to standard output, so nothing is written into the driver's folder.
            string[] arguments = [.. prefix, "-b", "-c", "-t", .. notes];
            string name = string.Join(' ', [Path.GetFileName(tool), .. prefix]);
            var ran = await ToolProcess.RunAsync(tool, arguments, build.SourceDirectory, cancellationToken).ConfigureAwait(false);
            if (ran is not { ExitCode: 0 } output)
            {
                return CoverageReport.Failed(name, ran is null
                    ? $"{name} is not installed (gcc's gcov comes with gcc: tools/install-prerequisites.sh)"
                    : $"`{ToolProcess.Describe(tool, arguments)}` failed (exit {ran.Value.ExitCode}): {ran.Value.Errors.Trim()}");
            }

            tools.Add(name);
            files.AddRange(DriverFiles(GcovTextReader.Read(output.Output), build, repositoryRoot));
        }

        return new CoverageReport(string.Join(", ", tools.Distinct(StringComparer.Ordinal)), [.. files.OrderBy(f => f.File, StringComparer.Ordinal)]);
    }

    /// <summary>The sources under the build's own folders (not the shim's headers, not system headers), by full path.</summary>
    private static IEnumerable<FileCoverage> DriverFiles(IReadOnlyList<GcovSource> sources, CoverageBuild build, string repositoryRoot)
    {
        var roots = build.SourceRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r)) + Path.DirectorySeparatorChar).ToList();
        string shim = Path.GetFullPath(DriverBuilds.DriverBuildRequest.ShimIncludeIn(repositoryRoot)) + Path.DirectorySeparatorChar;
        foreach (var source in sources)
        {
            string full = Path.GetFullPath(source.Source, build.SourceDirectory);
            if (roots.Any(r => full.StartsWith(r, StringComparison.Ordinal)) && !full.StartsWith(shim, StringComparison.Ordinal))
            {
                yield return new FileCoverage(ConformanceRun.AsTyped(full, repositoryRoot), source.Lines);
            }
        }
    }

    /// <summary>clang writes gcov notes of format version 4.8 ("408*") unless told otherwise; gcc 9 and later a letter ("B22*").</summary>
    private static bool IsLlvmNotes(string notes)
    {
        Span<byte> header = stackalloc byte[8];
        using var stream = File.OpenRead(notes);
        stream.ReadExactly(header);
        return char.IsAsciiDigit((char)header[7]); // the version is a little-endian word: its first character is the last byte
    }

    private static string? FindLlvmCov() => LlvmCovCandidates.Select(DriverBuilds.ClangCommand.OnPath).FirstOrDefault(found => found is not null);
}
