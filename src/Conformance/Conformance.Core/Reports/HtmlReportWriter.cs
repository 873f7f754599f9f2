using System.Globalization;
using System.Text;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// report.html: one self-contained page a driver engineer reads top down. The run's options; counts and the
/// findings by category, security apart from conformance; the cases that did not pass, grouped by scenario with
/// counts and a reproduce command; heatmaps of verdicts per IOCTL × buffer state and per scenario's own axes;
/// last, collapsed, the table of every case, filtered and paged by a small inline script.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "report.html";

    /// <summary>The page anchor of a case. Indices, not ids: ids hold [ ] = , # which make awkward fragments.</summary>
    internal static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"case-{index}");

    /// <inheritdoc/>
    public void Write(RunResult run, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 14, leaveOpen: true); // 16K chars: stays off the large object heap
        var html = new HtmlOutput(writer);

        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Element("title", $"Conformance run {run.RunId} ({run.Target.Name}): {run.DriverDescription}").Line()
            .Raw("<style>\n").Raw(HtmlAssets.Style).Raw("\n</style>\n</head>\n<body>\n");

        WriteHeader(html, run);
        WriteSummary(html, run);
        if (run.Coverage is { } coverage)
        {
            HtmlCoverage.Write(html, coverage);
        }

        HtmlFailureGroups.Write(html, run);
        WriteHeatmaps(html, run);
        HtmlCaseTable.Write(html, run);

        html.Raw("<script>\n").Raw(HtmlAssets.Script).Raw("\n</script>\n</body>\n</html>\n");
    }

    /// <summary>What was run, with which options: a verdict means nothing without the driver and variant it is about.</summary>
    private static void WriteHeader(HtmlOutput html, RunResult run)
    {
        var options = run.Invocation;
        html.Open("header").Open("h1").Raw("Conformance run ").Element("code", run.RunId).Close("h1")
            .Open("dl", "meta", "run-options")
            .Fact("Target", run.Target.Name)
            .Fact("Driver", run.DriverDescription)
            .Fact("Defect variant", options.DefectVariant == 0 ? "none (the clean driver)" : options.DefectVariant.ToString(CultureInfo.InvariantCulture))
            .Fact("Filter", options.Filter ?? "none (every case)", "mono")
            .Fact("Scenarios", run.ScenariosRoot, "mono")
            .Fact("Started", ReportNames.Timestamp(run.StartedAt))
            .Fact("Finished", $"{ReportNames.Timestamp(run.FinishedAt)} ({ReportNames.Seconds(run.FinishedAt - run.StartedAt)} s)")
            .Fact("Reproduce", run.Summary.Failed + run.Summary.Errors > 0 ? ReproduceCommand.ForRun(run) : null, "mono repro")
            .Close("dl").Close("header").Line();
    }

    private static void WriteSummary(HtmlOutput html, RunResult run)
    {
        var summary = run.Summary;
        html.Open("section", id: "summary").Element("h2", "Summary").Open("div", "counts");
        Count(html, "total", "total", summary.Total);
        Count(html, "passed", "passed", summary.Passed);
        Count(html, "failed", "failed", summary.Failed);
        Count(html, "errors", "errors", summary.Errors);
        Count(html, "blocked", "blocked", summary.Blocked);
        html.Close("div");
        WriteCategories(html, run);
        html.Close("section").Line();
    }

    private static void Count(HtmlOutput html, string key, string label, int value) =>
        html.Open("div", "count " + key, "count-" + key)
            .Element("span", value.ToString(CultureInfo.InvariantCulture), "n")
            .Element("span", label, "muted")
            .Close("div");

    /// <summary>One line per category, most severe first, security apart from conformance: findings, cases, scenarios.</summary>
    private static void WriteCategories(HtmlOutput html, RunResult run)
    {
        var byCategory = run.Results
            .SelectMany(r => r.Findings.Select(f => (f.Category, Result: r)))
            .ToLookup(x => x.Category);
        if (byCategory.Count == 0)
        {
            html.Element("p", "No findings.", "muted");
            return;
        }

        html.Open("table", "categories", "findings").Raw("<thead>")
            .HeaderRow("Kind", "Category", "Findings", "Cases", "Scenarios", "Meaning").Raw("</thead><tbody>");
        foreach (var category in CategoryInfo.BySeverity.Where(byCategory.Contains))
        {
            var entries = byCategory[category].ToList();
            html.StartTag("tr", "kind-" + CategoryInfo.Kind(category)).FinishTag()
                .Element("td", CategoryInfo.Kind(category))
                .Open("td").Element("span", category.ToReportName(), "badge sev-" + SarifWriter.Level(category)).Close("td")
                .Element("td", entries.Count.ToString(CultureInfo.InvariantCulture))
                .Element("td", entries.Select(e => e.Result).Distinct().Count().ToString(CultureInfo.InvariantCulture))
                .Element("td", entries.Select(e => e.Result.Case.Provenance.ScenarioId).Distinct(StringComparer.Ordinal).Count().ToString(CultureInfo.InvariantCulture))
                .Element("td", CategoryInfo.Description(category), "muted")
                .Close("tr");
        }

        html.Raw("</tbody>").Close("table");
    }

    private static void WriteHeatmaps(HtmlOutput html, RunResult run)
    {
        html.Open("section", id: "heatmaps").Element("h2", "Verdicts at a glance")
            .Element("p", "Each square counts the cases in it: green when all passed, red by the share that failed (amber: errors, grey: blocked). Squares with a case that did not pass link to it.", "muted");
        html.Element("h3", "Per IOCTL: input buffer state × output buffer state").Open("div", "maps");
        foreach (var grid in VerdictGrid.PerIoctl(run.Results))
        {
            DrawOrSay(html, grid);
        }

        html.Close("div");
        var scenarioGrids = VerdictGrid.PerScenario(run.Results);
        var withBad = scenarioGrids.Where(g => g.AnyBad).ToList();
        html.Element("h3", "Per scenario, over its own vary: axes").Open("div", "maps");
        foreach (var grid in withBad)
        {
            DrawOrSay(html, grid);
        }

        html.Close("div");
        var clean = scenarioGrids.Where(g => !g.AnyBad).Select(g => g.Title).ToList();
        if (clean.Count > 0)
        {
            html.Element("p", $"Every case passed in: {string.Join(", ", clean)}.", "muted");
        }

        html.Close("section").Line();
    }

    private static void DrawOrSay(HtmlOutput html, VerdictGrid grid)
    {
        if (grid.Drawable)
        {
            HtmlHeatmap.Write(html, grid, Anchor);
        }
        else
        {
            html.Element("p", $"{grid.Title}: {grid.Rows.Count} × {grid.Columns.Count} values, too many for a picture; see the groups above.", "muted");
        }
    }

    /// <summary>What to print in the status column when the call returned no status.</summary>
    internal static string Ended(CaseResult result) =>
        result.Outcome is null ? "not fired" : ReportNames.End(result.Outcome.End).Replace('_', ' ');
}
