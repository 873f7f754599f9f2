namespace Conformance.Cli;

/// <summary>One verb of the `conformance` command.</summary>
internal interface ICommand
{
    /// <summary>The verb as typed, e.g. "bench".</summary>
    string Name { get; }

    /// <summary>One line for the verb list.</summary>
    string Summary { get; }

    /// <summary>Usage text for `conformance &lt;verb&gt; --help`.</summary>
    string Usage { get; }

    /// <summary>Run with the arguments after the verb; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken);
}

/// <summary>Where a command writes: results to Out, diagnostics to Error (so `--json` output stays clean).</summary>
internal sealed record CommandConsole(TextWriter Out, TextWriter Error);

/// <summary>Exit codes shared by every verb.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    /// <summary>
    /// A call hung on a machine target: the caller thread is stuck in the kernel, the hang is journaled and the
    /// run folder holds hang.txt; dump and reset the machine, then resume (docs/windows.md).
    /// </summary>
    public const int MachineResetRequired = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;
}

/// <summary>A command line the verb cannot make sense of; reported with the verb's usage.</summary>
internal sealed class UsageException(string message) : Exception(message);
