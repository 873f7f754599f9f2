using System.Text.Json;
using Conformance.Verdicts;

namespace Conformance.Reports.MutationScores;

/// <summary>
/// The mutation score as JSON: what `selfcheck --json` prints and selfcheck.json holds (docs/results-schema.md,
/// "selfcheck.json").
/// </summary>
public static class MutationScoreJson
{
    /// <summary>Write one JSON object, indented.</summary>
    public static void Write(Stream destination, MutationScore score)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(score);
        using var json = new Utf8JsonWriter(destination, ResultsJsonWriter.Options);
        json.WriteStartObject();
        json.WriteNumber("clean_failures", score.CleanFailures);
        json.WriteString("clean_run_directory", score.CleanRunDirectory);
        json.WriteStartObject("score");
        json.WriteNumber("caught", score.Caught);
        json.WriteNumber("total", score.Total);
        if (score.Percent is { } percent)
        {
            json.WriteNumber("percent", percent);
        }
        else
        {
            json.WriteNull("percent");
        }

        json.WriteEndObject();
        json.WriteStartArray("variants");
        foreach (var variant in score.Variants)
        {
            json.WriteStartObject();
            json.WriteString("name", variant.Name);
            json.WriteNumber("number", variant.Number);
            json.WriteBoolean("caught", variant.Caught);
            json.WriteNumber("failed_cases", variant.FailedCases);
            json.WriteNumber("catching_cases", variant.CatchingCases.Count);
            WriteStrings(json, "first_catching_cases", variant.CatchingCases.Take(MutationScore.NamedCases));
            WriteStrings(json, "categories", variant.Categories.Select(c => c.ToReportName()));
            WriteStrings(json, "fitting_categories", variant.FittingCategories.Select(c => c.ToReportName()));
            json.WriteString("run_directory", variant.RunDirectory);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }
}
