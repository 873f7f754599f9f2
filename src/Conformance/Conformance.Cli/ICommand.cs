using System.CommandLine;

namespace Conformance.Cli;

/// <summary>One verb of the `conformance` command.</summary>
internal interface ICommand
{
    /// <summary>The verb as declared to System.CommandLine: its name, description and every option with its help text.</summary>
    Command Command { get; }

    /// <summary>Text printed after the options by `conformance VERB --help` (empty for none).</summary>
    string HelpDetails => string.Empty;

    /// <summary>Run with the parsed command line; returns the process exit code (<see cref="ExitCodes"/>).</summary>
    Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken);
}

/// <summary>
/// Where a command writes: results to Out, diagnostics and progress to Error (so `--json` output stays clean).
/// <paramref name="ErrorIsTerminal"/> says Error is a terminal a live progress view may redraw; otherwise progress
/// is written as plain lines (no ANSI codes into pipes, files or test writers).
/// </summary>
internal sealed record CommandConsole(TextWriter Out, TextWriter Error, bool ErrorIsTerminal = false);

/// <summary>A command line the verb cannot make sense of: reported in one line, exit code 2, nothing created.</summary>
internal sealed class UsageException(string message) : Exception(message);
