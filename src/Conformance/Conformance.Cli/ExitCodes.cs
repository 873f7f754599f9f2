namespace Conformance.Cli;

/// <summary>Exit codes shared by every verb; <see cref="Table"/> is what `--help` and docs/cli.md print.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Findings (a case failed) or errors (a case could not be judged, scenarios that do not load).</summary>
    public const int Failure = 1;

    /// <summary>Nothing was run: a usage error, one line on stderr, and no run folder left behind.</summary>
    public const int Usage = 2;

    /// <summary>
    /// A call hung on a machine target: the caller thread is stuck in the kernel, the hang is journaled and the
    /// run folder holds hang.txt; dump and reset the machine, then resume (docs/windows.md).
    /// </summary>
    public const int MachineResetRequired = 3;

    /// <summary>Stopped by Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code table, as shown in the help text.</summary>
    public const string Table =
        """
        Exit codes:
          0    every case passed (validate: no error)
          1    findings or errors (a case failed or could not be judged; scenarios that do not load)
          2    usage error: one line on stderr, nothing run, no run folder left (bad option, filter that selects
               no case, driver not found or not loadable, defect variant the reference driver does not have)
          3    a call hung on a machine target: dump and reset the machine, then --resume (docs/windows.md)
          130  interrupted (Ctrl+C); the resume command is printed
        """;
}
