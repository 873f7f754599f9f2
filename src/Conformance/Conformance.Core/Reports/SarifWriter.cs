using System.Text.Json;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// results.sarif (SARIF 2.1.0) for code-scanning dashboards: one rule per finding category, one result per
/// finding, located at the scenario that produced the case. Errors and blocked cases are not findings;
/// they become tool execution notifications so the dashboard still shows the run was incomplete.
/// </summary>
/// <param name="repositoryRoot">
/// Repository root that artifact URIs are made relative to; null keeps the loader's relative paths as they are.
/// </param>
/// <param name="displayRoot">
/// The folder the scenario loader showed paths relative to (its ScenarioLoadOptions.DisplayRoot); null when it is
/// the repository root, as for every run the engine makes (CLI, NUnit suite, run-suite.ps1), whatever the
/// working directory.
/// </param>
public sealed class SarifWriter(string? repositoryRoot = null, string? displayRoot = null) : IReportWriter
{
    /// <summary>The tool name dashboards show.</summary>
    public const string ToolName = "Driver Conformance Suite";

    private const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";

    /// <summary>uriBaseId of every artifact location: the repository root.</summary>
    private const string RootId = "SRCROOT";

    /// <inheritdoc/>
    public string FileName => "results.sarif";

    /// <summary>The SARIF level of a category: error for memory safety and availability, warning otherwise.</summary>
    public static string Level(FindingCategory category) => CategoryInfo.IsSevere(category) ? "error" : "warning";

    /// <inheritdoc/>
    public void Write(RunResult run, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var json = new Utf8JsonWriter(destination, ResultsJsonWriter.Options);
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUri);
        json.WriteString("version", "2.1.0");
        json.WriteStartArray("runs");
        json.WriteStartObject();
        WriteTool(json);
        json.WriteStartObject("automationDetails");
        json.WriteString("id", $"driver-conformance/{run.RunId}");
        json.WriteEndObject();
        if (repositoryRoot is not null)
        {
            json.WriteStartObject("originalUriBaseIds");
            json.WriteStartObject(RootId);
            json.WriteString("uri", ArtifactUri.RootUri(repositoryRoot));
            json.WriteEndObject();
            json.WriteEndObject();
        }

        WriteInvocation(json, run);
        json.WriteStartArray("results");
        foreach (var result in run.Results)
        {
            foreach (var finding in CategoryInfo.MostSevereFirst(result.Findings))
            {
                WriteResult(json, result, finding);
            }
        }

        json.WriteEndArray();
        json.WriteStartObject("properties");
        json.WriteString("runId", run.RunId);
        json.WriteString("target", run.Target.Name);
        json.WriteString("driver", run.DriverDescription);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteTool(Utf8JsonWriter json)
    {
        json.WriteStartObject("tool");
        json.WriteStartObject("driver");
        json.WriteString("name", ToolName);
        json.WriteStartArray("rules");
        foreach (var category in CategoryInfo.BySeverity)
        {
            json.WriteStartObject();
            json.WriteString("id", category.ToReportName());
            json.WriteString("name", category.ToString());
            json.WriteStartObject("shortDescription");
            json.WriteString("text", CategoryInfo.Description(category));
            json.WriteEndObject();
            json.WriteStartObject("defaultConfiguration");
            json.WriteString("level", Level(category));
            json.WriteEndObject();
            json.WriteStartObject("properties");
            json.WriteStartArray("tags");
            json.WriteStringValue(CategoryInfo.IsSevere(category) ? "security" : "correctness");
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteInvocation(Utf8JsonWriter json, RunResult run)
    {
        json.WriteStartArray("invocations");
        json.WriteStartObject();
        json.WriteBoolean("executionSuccessful", true);
        json.WriteString("startTimeUtc", ReportNames.Timestamp(run.StartedAt));
        json.WriteString("endTimeUtc", ReportNames.Timestamp(run.FinishedAt));
        json.WriteStartArray("toolExecutionNotifications");
        foreach (var result in run.Results.Where(r => r.Verdict is CaseVerdict.Error or CaseVerdict.Blocked))
        {
            json.WriteStartObject();
            json.WriteString("level", result.Verdict == CaseVerdict.Error ? "error" : "note");
            json.WriteStartObject("message");
            var why = result.Note ?? result.Outcome?.Detail ?? ReportNames.Verdict(result.Verdict);
            json.WriteString("text", $"{result.Id}: {ReportNames.Verdict(result.Verdict)}: {why}");
            json.WriteEndObject();
            WriteLocations(json, result.Case.Provenance.Scenario);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndArray();
    }

    private void WriteResult(Utf8JsonWriter json, CaseResult result, Finding finding)
    {
        json.WriteStartObject();
        json.WriteString("ruleId", finding.Category.ToReportName());
        json.WriteNumber("ruleIndex", CategoryInfo.SeverityRank(finding.Category));
        json.WriteString("level", Level(finding.Category));
        json.WriteStartObject("message");
        json.WriteString("text", $"{result.Id}: {finding.Message}");
        json.WriteEndObject();
        // A finding made in a step points at the step's entry, and names it: the sequence is in the scenario, the bug in that call.
        var step = finding.Step is { } name ? result.Case.Steps.FirstOrDefault(s => s.Name == name) : null;
        WriteLocations(json, step?.Where ?? result.Case.Provenance.Scenario);
        // Many cases share one scenario line; the case id and category keep their alerts apart across runs.
        json.WriteStartObject("partialFingerprints");
        json.WriteString("conformanceCase/v1", $"{result.Id}|{finding.Category.ToReportName()}");
        json.WriteEndObject();
        json.WriteStartObject("properties");
        json.WriteString("caseId", result.Id);
        json.WriteString("verdict", ReportNames.Verdict(result.Verdict));
        json.WriteString("ioctl", step?.Ioctl.Name ?? result.Case.Ioctl.Name);
        json.WriteString("ioControlCode", ReportNames.Hex32(step?.Call.IoControlCode ?? result.Case.Call.IoControlCode));
        if (step is not null)
        {
            json.WriteString("step", step.Name);
        }

        if (ReportNames.Status(result.Outcome) is { } status)
        {
            json.WriteString("status", status);
        }

        if (ReportNames.ExpectedStatus(result) is { } expected)
        {
            json.WriteString("expected", expected);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private void WriteLocations(Utf8JsonWriter json, Scenarios.SourceLocation scenario)
    {
        var (uri, relative) = ArtifactUri.For(scenario.File, repositoryRoot, displayRoot);
        json.WriteStartArray("locations");
        json.WriteStartObject();
        json.WriteStartObject("physicalLocation");
        json.WriteStartObject("artifactLocation");
        json.WriteString("uri", uri);
        if (relative)
        {
            json.WriteString("uriBaseId", RootId);
        }

        json.WriteEndObject();
        json.WriteStartObject("region");
        json.WriteNumber("startLine", Math.Max(1, scenario.Line));
        json.WriteNumber("startColumn", Math.Max(1, scenario.Column));
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndArray();
    }
}
