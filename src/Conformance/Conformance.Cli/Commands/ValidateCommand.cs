using System.CommandLine;
using Conformance.Cli.Options;
using Conformance.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>`conformance validate [PATH]`: check a scenario file, a folder or a catalog; every error with file:line:col and a hint.</summary>
internal sealed class ValidateCommand : ICommand
{
    private readonly Argument<string> path = new Argument<string>("PATH")
    {
        Description = "A scenario file, a folder of scenarios, or a catalog root (default: the repository's scenarios/). "
            + "Device profiles are found by themselves: the nearest devices/ at or above PATH, else the repository's scenarios/devices.",
        Arity = ArgumentArity.ZeroOrOne,
    }.NotAnOption();

    private readonly Option<string> rootOption = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln), for the default PATH and the fallback device profiles; "
            + "default: found above the current directory.",
        HelpName = "DIR",
    };

    public ValidateCommand()
    {
        Command = new Command("validate", "Check scenario files and device profiles without running anything.")
        {
            path, rootOption,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Prints file:line:col: error: message. hint  for each first-cause error (a mistake that makes others is reported once).
        Exit codes: 0 no error, 1 errors, 2 usage error.
        """;

    public Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string? repository = RepositoryLocator.FindNearCurrentOrTool(parsed.GetValue(rootOption));
        string? repositoryCatalog = repository is null ? null : Path.Combine(repository, "scenarios");
        string target = parsed.GetValue(path) ?? repositoryCatalog
            ?? throw new UsageException("no PATH given and no repository here (no Conformance.sln above the current directory): pass a file or folder, or --root.");
        var errors = ScenarioValidator.ValidatePath(target, repositoryCatalog);
        foreach (var error in errors)
        {
            console.Out.WriteLine(error);
        }

        console.Out.WriteLine(errors.Count == 0 ? $"{target}: no errors" : $"{target}: {errors.Count} error(s)");
        return Task.FromResult(errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure);
    }
}
