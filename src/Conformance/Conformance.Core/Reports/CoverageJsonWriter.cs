using System.Text.Json;
using Conformance.Coverage;

namespace Conformance.Reports;

/// <summary>results.json's "coverage" object (docs/results-schema.md), written only when the run measured coverage.</summary>
internal static class CoverageJsonWriter
{
    public static void Write(Utf8JsonWriter json, CoverageReport coverage)
    {
        json.WriteStartObject("coverage");
        json.WriteString("tool", coverage.Tool);
        CaseJsonWriter.WriteStringOrNull(json, "error", coverage.Error);
        WriteCounts(json, coverage.LinesCovered, coverage.LinesTotal, coverage.BranchesTaken, coverage.BranchesTotal);
        json.WriteStartArray("files");
        foreach (var file in coverage.Files)
        {
            json.WriteStartObject();
            json.WriteString("file", file.File);
            WriteCounts(json, file.LinesCovered, file.LinesTotal, file.BranchesTaken, file.BranchesTotal);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("uncovered");
        foreach (var (file, line) in coverage.Uncovered)
        {
            WriteLine(json, file, line, withBranches: false);
        }

        json.WriteEndArray();
        json.WriteStartArray("partial");
        foreach (var (file, line) in coverage.Partial)
        {
            WriteLine(json, file, line, withBranches: true);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCounts(Utf8JsonWriter json, int linesCovered, int linesTotal, int branchesTaken, int branchesTotal)
    {
        WritePercent(json, "lines_pct", CoverageReport.Percent(linesCovered, linesTotal));
        json.WriteNumber("lines_covered", linesCovered);
        json.WriteNumber("lines_total", linesTotal);
        WritePercent(json, "branches_pct", CoverageReport.Percent(branchesTaken, branchesTotal));
        json.WriteNumber("branches_taken", branchesTaken);
        json.WriteNumber("branches_total", branchesTotal);
    }

    private static void WritePercent(Utf8JsonWriter json, string name, double? percent)
    {
        if (percent is { } value)
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteLine(Utf8JsonWriter json, string file, CoveredLine line, bool withBranches)
    {
        json.WriteStartObject();
        json.WriteString("file", file);
        json.WriteNumber("line", line.Number);
        if (withBranches)
        {
            json.WriteNumber("branches_taken", line.BranchesTaken);
            json.WriteNumber("branches_total", line.Branches);
        }

        json.WriteEndObject();
    }
}
