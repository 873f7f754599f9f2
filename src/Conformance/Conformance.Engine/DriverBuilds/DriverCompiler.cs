using System.Diagnostics;
using System.Text;

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
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = request.WorkingDirectory ?? string.Empty,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new DriverBuildException($"could not start '{compiler}'.");
        var output = new StringBuilder();
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        output.Append(await standardError.ConfigureAwait(false));
        output.Append(await standardOutput.ConfigureAwait(false));
        return new DriverCompileResult(compiler, arguments, sources, process.ExitCode, output.ToString(), clock.Elapsed);
    }
}
