using Conformance.Cli.Commands;

namespace Conformance.Cli;

/// <summary>Every verb of `conformance`. To add one, write a class under Commands/ and add it here: one line.</summary>
internal static class CommandTable
{
    public static IReadOnlyList<ICommand> All { get; } =
    [
        new BenchCommand(),
        new Commands.Run.RunCommand(),
        new ValidateCommand(),
        new Commands.SelfCheck.SelfCheckCommand(),
    ];
}
