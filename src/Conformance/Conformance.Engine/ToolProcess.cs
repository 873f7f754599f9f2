using System.Diagnostics;
using System.Text;

namespace Conformance.Engine;

/// <summary>One run of a build or report tool (clang, make, gcov, llvm-cov): its exit code and everything it printed.</summary>
internal static class ToolProcess
{
    /// <summary>Run <paramref name="file"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> ("": the current one); null when it cannot start.</summary>
    public static async Task<(int ExitCode, string Output, string Errors)?> RunAsync(
        string file, IEnumerable<string> arguments, string workingDirectory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }

        if (process is null)
        {
            return null;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await output.ConfigureAwait(false), await errors.ConfigureAwait(false));
        }
    }

    /// <summary>The command as a shell would take it, for messages.</summary>
    public static string Describe(string file, IEnumerable<string> arguments)
    {
        var text = new StringBuilder(file);
        foreach (string argument in arguments)
        {
            text.Append(' ').Append(argument.Contains(' ', StringComparison.Ordinal) ? $"'{argument}'" : argument);
        }

        return text.ToString();
    }
}
