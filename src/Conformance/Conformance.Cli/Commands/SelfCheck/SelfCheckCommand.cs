using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Conformance.Cli.Options;
using Conformance.Cli.Progress;
using Conformance.Engine;
using Conformance.Verdicts;

namespace Conformance.Cli.Commands.SelfCheck;

/// <summary>`conformance selfcheck`: prints <see cref="Engine.SelfCheck"/> as a table or JSON.</summary>
internal sealed class SelfCheckCommand : ICommand
{
    private readonly RunSettingsOptions settingsOptions = new(withDefectVariant: false);

    private readonly Option<bool> json = new("--json")
    {
        Description = "Print one JSON object (clean_failures, variants with name, number, caught, failed_cases, categories) instead of the table.",
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
        finding category that fits it. Each run's reports go to RESULTS/selfcheck-<time>/<run-id>/.
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
            WriteJson(console.Out, report);
        }
        else
        {
            WriteTable(console.Out, report);
        }

        return report.Passed ? ExitCodes.Success : ExitCodes.Failure;
    }

    private static void WriteTable(TextWriter output, SelfCheckReport report)
    {
        output.WriteLine($"clean driver: {report.CleanFailures} failed case(s)");
        output.WriteLine($"{"variant",-30} {"failed",7}  {"caught",-6}  categories");
        foreach (var row in report.Variants)
        {
            string name = $"{row.Defect.Number,2} {row.Defect.Name}";
            output.WriteLine($"{name,-30} {row.FailedCases,7}  {(row.Caught ? "yes" : "NO"),-6}  {string.Join(", ", row.Categories.Select(c => c.ToReportName()))}");
        }

        output.WriteLine($"reports: {report.ResultsRoot}");
    }

    private static void WriteJson(TextWriter output, SelfCheckReport report)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteNumber("clean_failures", report.CleanFailures);
            writer.WriteStartArray("variants");
            foreach (var row in report.Variants)
            {
                writer.WriteStartObject();
                writer.WriteString("name", row.Defect.Name);
                writer.WriteNumber("number", row.Defect.Number);
                writer.WriteBoolean("caught", row.Caught);
                writer.WriteNumber("failed_cases", row.FailedCases);
                writer.WriteStartArray("categories");
                foreach (var category in row.Categories)
                {
                    writer.WriteStringValue(category.ToReportName());
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
