namespace Conformance.Engine.DriverBuilds;

/// <summary>What `conformance build-driver` is asked to build: a driver's C sources into a simulator library.</summary>
public sealed record DriverBuildRequest
{
    /// <summary>Folders (every .c directly inside) and .c files, as given.</summary>
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>The shared library to write (its folder is made when missing).</summary>
    public required string Output { get; init; }

    /// <summary>The WDM shim's headers (<see cref="ShimIncludeIn"/>).</summary>
    public required string ShimInclude { get; init; }

    /// <summary>Preprocessor definitions, NAME or NAME=VALUE, passed as -D. DBG is not defined unless listed: a release build.</summary>
    public IReadOnlyList<string> Defines { get; init; } = [];

    /// <summary>More header folders (-I), searched after the shim's and the source folders.</summary>
    public IReadOnlyList<string> IncludeDirectories { get; init; } = [];

    /// <summary>Turn warnings into errors (-Werror). Off by default: foreign code is not ours to hold to our warning set.</summary>
    public bool WarningsAsErrors { get; init; }

    /// <summary>Build with the access-trace instrumentation (DESIGN.md section 4), as the reference driver is.</summary>
    public bool AccessTrace { get; init; } = true;

    /// <summary>The clang to run; null: clang-14, else clang, from PATH.</summary>
    public string? Compiler { get; init; }

    /// <summary>
    /// Build with gcov counters and the export the simulator flushes them through (docs/coverage.md): what
    /// `run --coverage` builds. The notes (.gcno) and the counts (.gcda) go to <see cref="WorkingDirectory"/>.
    /// </summary>
    public bool Coverage { get; init; }

    /// <summary>The folder the compiler runs in (clang writes a coverage build's notes there); null: the current one.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>The shim's include folder in a repository checkout.</summary>
    public static string ShimIncludeIn(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "src", "Conformance", "SimKernel", "include");
}
