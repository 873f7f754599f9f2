using System.Globalization;
using System.Text.Json;
using Conformance.Cli.Commands.Run;
using Conformance.Engine;
using Conformance.Verdicts;

namespace Conformance.Cli.Commands.SelfCheck;

/// <summary>`conformance selfcheck`: prints <see cref="Engine.SelfCheck"/> as a table or JSON.</summary>
internal sealed class SelfCheckCommand : ICommand
{
    public string Name => "selfcheck";

    public string Summary => "run the catalog against the clean driver and every seeded defect variant";

    public string Usage => "conformance selfcheck [--json] [--filter TEXT] [--results DIR] [--root DIR]";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken)
    {
        var options = new OptionReader(arguments);
        bool json = options.Flag("--json");
        var settings = SettingsReader.Read(options);
        string stamp = DateTimeOffset.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        settings = settings with { ResultsRoot = Path.Combine(settings.ResolvedResultsRoot, $"selfcheck-{stamp}") };
        var report = await Engine.SelfCheck.RunAsync(settings, cancellationToken).ConfigureAwait(false);
        if (json)
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
