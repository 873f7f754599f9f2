using System.CommandLine;
using System.CommandLine.Invocation;
using Conformance.Engine;

namespace Conformance.Cli;

/// <summary>
/// Parses `conformance &lt;verb&gt; [options]` with System.CommandLine and runs the verb. The same rules hold for
/// every verb: unknown options and arguments are rejected, `--help` explains every option, and a usage error is
/// one line on stderr with exit code 2.
/// </summary>
internal static class CommandDispatcher
{
    private const string Description =
        "Fires hostile IOCTL buffers at a Windows kernel driver (in the simulator, or the real driver on Windows) and judges how it handles them.";

    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyList<ICommand> commands, CommandConsole console, CancellationToken cancellationToken)
    {
        var root = new RootCommand(Description);
        var details = new Dictionary<Command, string> { [root] = ExitCodes.Table };
        foreach (var verb in commands)
        {
            verb.Command.SetAction((parsed, token) => RunVerbAsync(verb, parsed, console, token));
            root.Subcommands.Add(verb.Command);
            details[verb.Command] = verb.HelpDetails;
        }

        HelpWithDetails.Install(root, details);

        // No response files: `--filter @FILE` names a case list that the run reads itself (RunSettings.Filter).
        var parsed = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (args.Count == 0)
        {
            // No verb: the verb list, on stderr, as a usage error.
            await root.Parse(["--help"]).InvokeAsync(Invocation(console.Error, console.Error), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        if (parsed.Action is ParseErrorAction)
        {
            string who = parsed.CommandResult.Command is RootCommand ? "conformance" : $"conformance {parsed.CommandResult.Command.Name}";
            // One line, whatever the parser's messages look like (some list the allowed values on lines of their own).
            string messages = string.Join("; ", parsed.Errors.Select(e => string.Join(' ', e.Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).TrimEnd('.')));
            console.Error.WriteLine($"{who}: {messages}. See `{who} --help`.");
            return ExitCodes.Usage;
        }

        return await parsed.InvokeAsync(Invocation(console.Out, console.Error), cancellationToken).ConfigureAwait(false);
    }

    private static InvocationConfiguration Invocation(TextWriter output, TextWriter error) => new()
    {
        Output = output,
        Error = error,
        // Program.cs owns Ctrl+C: the verb stops cleanly, says how to go on and returns 130 itself.
        ProcessTerminationTimeout = null,
        EnableDefaultExceptionHandler = false,
    };

    private static async Task<int> RunVerbAsync(ICommand verb, ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        try
        {
            return await verb.RunAsync(parsed, console, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is UsageException or RunSettingsException or CaseSelectionException)
        {
            // Thrown before a run folder exists, or after the run removed the one it made: nothing is left behind.
            console.Error.WriteLine($"conformance {verb.Command.Name}: {error.Message}");
            return ExitCodes.Usage;
        }
        catch (CatalogLoadException error)
        {
            foreach (var scenarioError in error.Errors)
            {
                console.Error.WriteLine(scenarioError);
            }

            console.Error.WriteLine($"{error.Errors.Count} scenario error(s); nothing was run. Fix them (`conformance validate`) and run again.");
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // `run` says how to resume; the other verbs have nothing to continue.
            console.Error.WriteLine();
            console.Error.WriteLine($"conformance {verb.Command.Name}: interrupted.");
            return ExitCodes.Interrupted;
        }
    }
}
