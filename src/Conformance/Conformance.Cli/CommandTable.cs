using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Every verb of `conformance`. To add one, write a class under Commands/ and add it here: one line.</summary>
internal static class CommandTable
{
    /// <summary>Fresh verbs for one command line (a System.CommandLine symbol belongs to one command tree).</summary>
    public static IReadOnlyList<ICommand> All =>
    [
        new Commands.Run.RunCommand(),
        new ValidateCommand(),
        new Commands.SelfCheck.SelfCheckCommand(),
        new BenchCommand(),
        new Commands.Fuzz.FuzzCommand(),
        new Commands.BuildDriver.BuildDriverCommand(),
        new Commands.Discover.DiscoverCommand(),
        new Commands.Generate.GenerateCommand(),
        new CompletionCommand(),
    ];
}
