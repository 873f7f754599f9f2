using Conformance.Scenarios;

namespace Conformance.Cli.Commands;

/// <summary>`conformance validate [DIR]`: check a whole tree of scenarios; every error with file:line:col and a hint.</summary>
internal sealed class ValidateCommand : ICommand
{
    public string Name => "validate";

    public string Summary => "check every scenario and device profile under a folder";

    public string Usage => "conformance validate [SCENARIOS-DIR]";

    public Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken)
    {
        if (arguments.Count > 1)
        {
            throw new UsageException("validate takes at most one folder.");
        }

        string root = arguments.Count == 1 ? arguments[0] : "scenarios";
        var errors = ScenarioValidator.Validate(root);
        foreach (var error in errors)
        {
            console.Out.WriteLine(error);
        }

        console.Out.WriteLine(errors.Count == 0 ? $"{root}: no errors" : $"{root}: {errors.Count} error(s)");
        return Task.FromResult(errors.Count == 0 ? ExitCodes.Success : ExitCodes.Failure);
    }
}
