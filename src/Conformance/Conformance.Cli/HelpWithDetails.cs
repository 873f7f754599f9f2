using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Conformance.Cli;

/// <summary>
/// System.CommandLine's help, followed by the verb's longer text (exit codes, how to install completion), which
/// would make the verb list unreadable if it were part of the one-line description.
/// </summary>
internal sealed class HelpWithDetails(HelpAction standard, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        int exitCode = standard.Invoke(parseResult);
        if (details.TryGetValue(parseResult.CommandResult.Command, out string? text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.WriteLine(text.TrimEnd());
            output.WriteLine();
        }

        return exitCode;
    }

    /// <summary>Put the details behind -h/--help of <paramref name="root"/> and every command below it.</summary>
    public static void Install(RootCommand root, IReadOnlyDictionary<Command, string> details)
    {
        ArgumentNullException.ThrowIfNull(root);
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithDetails((HelpAction)help.Action!, details);
    }
}
