using System.CommandLine;
using System.Globalization;
using Conformance.Cli.Options;
using Conformance.Cli.Progress;
using Conformance.Engine;
using Conformance.Reports.MutationScores;

namespace Conformance.Cli.Commands.SelfCheck;

/// <summary>`conformance selfcheck`: prints <see cref="Engine.SelfCheck"/> as a table or JSON.</summary>
internal sealed class SelfCheckCommand : ICommand
{
    private readonly RunSettingsOptions settingsOptions = new(withDefectVariant: false);

    private readonly Option<bool> json = new("--json")
    {
        Description = "Print the mutation score as one JSON object (clean_failures, score {caught, total, percent}, variants with name, number, "
            + "caught, failed_cases, catching_cases, first_catching_cases, categories, fitting_categories, run_directory) instead of the table; "
            + "selfcheck.json in the self-check's folder holds the same.",
    };

    public SelfCheckCommand()
    {
        Command = new Command("selfcheck", "Run the catalog against the clean reference driver and every seeded defect variant.");
        settingsOptions.AddTo(Command);
        Command.Options.Add(json);
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        The clean driver must not fail; each seeded defect variant (driver-under-test/DEFECTS.md) must be caught with a
        finding category that fits it. Prints the mutation score: per variant caught or not, by how many and which cases,
        with which finding categories, and caught/total. Each run's reports go to RESULTS/selfcheck-<time>/<run-id>/, and
        the score to RESULTS/selfcheck-<time>/selfcheck.html (each variant linked to its run's report) and selfcheck.json.
        Exit codes: 0 all of that holds, 1 it does not, 2 usage error, 130 interrupted.
        """;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        var settings = settingsOptions.Read(parsed);
        string stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        settings = settings with { ResultsRoot = Path.Combine(settings.ResolvedResultsRoot, $"selfcheck-{stamp}") };
        var report = await ProgressView.For(console)
            .ShowAsync("selfcheck", observer => Engine.SelfCheck.RunAsync(settings, observer, cancellationToken))
            .ConfigureAwait(false);
        if (parsed.GetValue(json))
        {
            using var text = new MemoryStream();
            MutationScoreJson.Write(text, report.Score);
            console.Out.WriteLine(System.Text.Encoding.UTF8.GetString(text.ToArray()));
        }
        else
        {
            MutationScoreText.Write(console.Out, report.Score);
            console.Out.WriteLine($"reports: {report.ResultsRoot} (the mutation score: {report.HtmlPage})");
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }
}
