namespace Conformance.Engine.DriverBuilds;

/// <summary>
/// The clang command line that builds an unmodified WDM driver for the simulator (docs/foreign-drivers.md says why
/// each flag is there).
/// </summary>
public static class ClangCommand
{
    /// <summary>The compilers tried, in order, when none is named.</summary>
    public static IReadOnlyList<string> Candidates { get; } = ["clang-14", "clang"];

    /// <summary>
    /// MSVC's C dialect on a Linux target: -fms-compatibility drops the comma before an empty __VA_ARGS__ (a variadic
    /// print macro called with a format only) and accepts the MS-isms -fms-extensions adds.
    /// </summary>
    public static IReadOnlyList<string> DialectFlags { get; } = ["-fms-extensions", "-fms-compatibility"];

    /// <summary>
    /// A shared library with Windows type sizes and debug information, at -O0: every memory access of the driver stays
    /// (nothing folded or deleted), and locals written in a __try body are in memory when its handler reads them, as
    /// MSVC keeps them, without the volatile our setjmp-based __try would otherwise need.
    /// </summary>
    public static IReadOnlyList<string> TargetFlags { get; } =
        ["-fPIC", "-shared", "-fshort-wchar", "-g", "-O0", "-fno-delete-null-pointer-checks", "-fno-strict-aliasing"];

    /// <summary>
    /// A hardened Windows build's /GS: a stack cookie per frame with arrays or address-taken locals, whose failure the
    /// shim's &lt;wdm.h&gt; turns into bugcheck 0x139 (the shim's kernel-hardening.mk, for gcc, says the same).
    /// </summary>
    public static IReadOnlyList<string> HardeningFlags { get; } = ["-fstack-protector-strong"];

    /// <summary>The access trace: a call before every load and store of the driver's own code, and nothing else of ASan.</summary>
    public static IReadOnlyList<string> AccessTraceFlags { get; } =
    [
        "-fsanitize=kernel-address",
        "-mllvm", "-asan-instrumentation-with-call-threshold=0",
        "-mllvm", "-asan-stack=0",
        "-mllvm", "-asan-globals=0",
    ];

    /// <summary>
    /// Edge coverage (the shim's edge-coverage.mk says the same for gcc): a call at the start of every basic block of the
    /// driver's own code. trace-pc, not trace-pc-guard: gcc has only the former, and both builds share one callback.
    /// </summary>
    public static IReadOnlyList<string> EdgeCoverageFlags { get; } = ["-fsanitize-coverage=trace-pc"];

    /// <summary>
    /// A coverage build (docs/coverage.md; the shim's coverage.mk says the same for gcc): gcov-format counters, which
    /// llvm-cov gcov reads, and the shim's header that exports their flush to the simulator.
    /// </summary>
    public static IReadOnlyList<string> CoverageFlags(string shimInclude) =>
        ["--coverage", "-include", Path.Combine(shimInclude, "simkernel_coverage.h")];

    /// <summary>
    /// Warnings are shown, not fatal; but a call to a routine no header declares is an error at its line: with the
    /// WDK's headers every DDK routine is declared, so here it names a routine the shim lacks.
    /// </summary>
    public static IReadOnlyList<string> WarningFlags { get; } = ["-Wall", "-Werror=implicit-function-declaration"];

    /// <summary>Every argument after the compiler's name.</summary>
    public static IReadOnlyList<string> Arguments(DriverBuildRequest request, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sources);
        var arguments = new List<string>();
        arguments.AddRange(DialectFlags);
        arguments.AddRange(TargetFlags);
        arguments.AddRange(HardeningFlags);
        arguments.AddRange(WarningFlags);
        if (request.WarningsAsErrors)
        {
            arguments.Add("-Werror");
        }

        if (request.AccessTrace)
        {
            arguments.AddRange(AccessTraceFlags);
            arguments.AddRange(EdgeCoverageFlags);
        }

        if (request.Coverage)
        {
            arguments.AddRange(CoverageFlags(request.ShimInclude));
        }

        // The shim first, so <wdm.h> is always the simulator's; then the driver's own folders.
        foreach (string folder in new[] { request.ShimInclude }.Concat(DriverSources.Folders(sources)).Concat(request.IncludeDirectories))
        {
            arguments.Add("-I");
            arguments.Add(folder);
        }

        foreach (string define in request.Defines)
        {
            arguments.Add("-D" + define);
        }

        arguments.Add("-o");
        arguments.Add(request.Output);
        arguments.AddRange(sources);
        return arguments;
    }

    /// <summary>The compiler to run: the one named, else the first candidate on PATH; null when there is none.</summary>
    public static string? Find(string? named)
    {
        if (named is not null)
        {
            return named.Contains('/', StringComparison.Ordinal) ? (File.Exists(named) ? named : null) : OnPath(named);
        }

        return Candidates.Select(OnPath).FirstOrDefault(found => found is not null);
    }

    /// <summary>The first <paramref name="name"/> in a folder of PATH; null when there is none.</summary>
    internal static string? OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
