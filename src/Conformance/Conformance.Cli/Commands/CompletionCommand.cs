using System.CommandLine;
using Conformance.Cli.Options;

namespace Conformance.Cli.Commands;

/// <summary>
/// `conformance completion bash|pwsh`: a completion script for the shell. System.CommandLine answers completions
/// itself through its [suggest:POSITION] directive (what the dotnet-suggest tool calls); these scripts call it
/// directly, so no global tool is needed.
/// </summary>
internal sealed class CompletionCommand : ICommand
{
    private readonly Argument<string> shell = CreateShell();

    public CompletionCommand()
    {
        Command = new Command("completion", "Print a tab-completion script for bash or pwsh.")
        {
            shell,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Print a tab-completion script for verbs, options and option values (e.g. --target simulator|windows).
          bash:  source <(conformance completion bash)        (or add that line to ~/.bashrc)
          pwsh:  conformance completion pwsh | Out-String | Invoke-Expression   (or add it to $PROFILE)
        The scripts complete the command named `conformance` (an alias or the published executable). They ask the tool
        itself: `conformance "[suggest:N]" "LINE"` prints the completions at character N of LINE.
        """;

    public Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        console.Out.Write(parsed.GetValue(shell) == "bash" ? Bash : Pwsh);
        return Task.FromResult(ExitCodes.Success);
    }

    private static Argument<string> CreateShell()
    {
        var argument = new Argument<string>("SHELL") { Description = "bash or pwsh." }.NotAnOption();
        argument.AcceptOnlyFromAmong("bash", "pwsh");
        return argument;
    }

    // The line after the command name is what the directive completes; the cursor is moved by the name's length.
    private const string Bash =
        """
        # conformance: tab completion (from `conformance completion bash`)
        _conformance_complete() {
            local line="${COMP_LINE:0:COMP_POINT}"
            local rest="${line#conformance}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$(conformance "[suggest:${#rest}]" "$rest" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _conformance_complete conformance

        """;

    private const string Pwsh =
        """
        # conformance: tab completion (from `conformance completion pwsh`)
        Register-ArgumentCompleter -Native -CommandName conformance -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $line = $commandAst.ToString()
            $rest = $line.Substring($commandAst.CommandElements[0].Extent.EndOffset - $commandAst.Extent.StartOffset)
            $position = $cursorPosition - $commandAst.Extent.StartOffset - ($line.Length - $rest.Length)
            conformance "[suggest:$position]" "$rest" 2>$null | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
