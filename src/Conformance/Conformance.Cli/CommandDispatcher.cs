namespace Conformance.Cli;

/// <summary>Routes `conformance &lt;verb&gt; [options]` to the verb's class and turns usage errors into help.</summary>
internal static class CommandDispatcher
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args, IReadOnlyList<ICommand> commands, CommandConsole console, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "-h" or "--help" or "help")
        {
            WriteVerbList(commands, console.Out);
            return args.Count == 0 ? ExitCodes.Usage : ExitCodes.Success;
        }

        var command = commands.FirstOrDefault(c => string.Equals(c.Name, args[0], StringComparison.Ordinal));
        if (command is null)
        {
            console.Error.WriteLine($"conformance: unknown verb '{args[0]}'.");
            WriteVerbList(commands, console.Error);
            return ExitCodes.Usage;
        }

        var rest = args.Skip(1).ToArray();
        if (rest.Any(a => a is "-h" or "--help"))
        {
            console.Out.WriteLine(command.Usage);
            return ExitCodes.Success;
        }

        try
        {
            return await command.RunAsync(rest, console, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            console.Error.WriteLine($"conformance {command.Name}: {e.Message}");
            console.Error.WriteLine(command.Usage);
            return ExitCodes.Usage;
        }
    }

    private static void WriteVerbList(IReadOnlyList<ICommand> commands, TextWriter writer)
    {
        writer.WriteLine("usage: conformance <verb> [options]   (conformance <verb> --help for a verb's options)");
        writer.WriteLine();
        foreach (var command in commands)
        {
            writer.WriteLine($"  {command.Name,-12} {command.Summary}");
        }
    }
}
