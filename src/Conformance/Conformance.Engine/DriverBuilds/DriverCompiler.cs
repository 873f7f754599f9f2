using System.Diagnostics;

namespace Conformance.Engine.DriverBuilds;

/// <summary>Compiles and links a driver's sources into a simulator library with clang (<see cref="ClangCommand"/>).</summary>
public static class DriverCompiler
{
    /// <summary>Run the compiler once over every source.</summary>
    /// <exception cref="DriverBuildException">No sources, or no clang.</exception>
    public static async Task<DriverCompileResult> CompileAsync(DriverBuildRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var sources = DriverSources.Find(request.Sources);
        string compiler = ClangCommand.Find(request.Compiler) ?? throw new DriverBuildException(
            request.Compiler is { } named
                ? $"compiler '{named}' not found."
                : $"no clang on PATH (tried {string.Join(", ", ClangCommand.Candidates)}): apt-get install -y clang-14 (tools/install-prerequisites.sh does).");
        if (!Directory.Exists(request.ShimInclude))
        {
            throw new DriverBuildException($"the WDM shim's headers are not at '{request.ShimInclude}'.");
        }

        string? outputFolder = Path.GetDirectoryName(Path.GetFullPath(request.Output));
        if (outputFolder is not null)
        {
            Directory.CreateDirectory(outputFolder);
        }

        var arguments = ClangCommand.Arguments(request, sources);
        var clock = Stopwatch.StartNew();
        var ran = await ToolProcess.RunAsync(compiler, arguments, request.WorkingDirectory ?? string.Empty, cancellationToken).ConfigureAwait(false)
            ?? throw new DriverBuildException($"could not start '{compiler}'.");
        return new DriverCompileResult(compiler, arguments, sources, ran.ExitCode, ran.Errors + ran.Output, clock.Elapsed);
    }
}
