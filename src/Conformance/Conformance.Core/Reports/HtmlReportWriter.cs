using System.Globalization;
using System.Text;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// report.html: one self-contained page a driver engineer reads. Summary, findings by severity, a filterable
/// table of every case, and details (inputs, status, findings, bugcheck, events, buffer diffs) for every case
/// that did not pass. Passing cases get a table row only, which keeps 5,000-case runs light.
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
        WriteSummary(html, run.Summary);
        WriteFindings(html, run);
        WriteCaseTable(html, run);
        WriteDetails(html, run);

        html.Raw("<script>\n").Raw(HtmlAssets.Script).Raw("\n</script>\n</body>\n</html>\n");
    }

    private static void WriteHeader(HtmlOutput html, RunResult run)
    {
        html.Open("header").Open("h1").Raw("Conformance run ").Element("code", run.RunId).Close("h1")
            .Open("dl", "meta")
            .Fact("Target", run.Target.Name)
            .Fact("Driver", run.DriverDescription)
            .Fact("Scenarios", run.ScenariosRoot)
            .Fact("Started", ReportNames.Timestamp(run.StartedAt))
            .Fact("Finished", $"{ReportNames.Timestamp(run.FinishedAt)} ({ReportNames.Seconds(run.FinishedAt - run.StartedAt)} s)")
            .Close("dl").Close("header").Line();
    }

    private static void WriteSummary(HtmlOutput html, RunSummary summary)
    {
        html.Open("section", id: "summary").Element("h2", "Summary").Open("div", "counts");
        Count(html, "total", "total", summary.Total);
        Count(html, "passed", "passed", summary.Passed);
        Count(html, "failed", "failed", summary.Failed);
        Count(html, "errors", "errors", summary.Errors);
        Count(html, "blocked", "blocked", summary.Blocked);
        html.Close("div").Close("section").Line();
    }

    private static void Count(HtmlOutput html, string key, string label, int value) =>
        html.Open("div", "count " + key, "count-" + key)
            .Element("span", value.ToString(CultureInfo.InvariantCulture), "n")
            .Element("span", label, "muted")
            .Close("div");

    private static void WriteFindings(HtmlOutput html, RunResult run)
    {
        html.Open("section", id: "findings").Element("h2", "Findings by severity");
        var byCategory = run.Results
            .Select((result, index) => (result, index))
            .SelectMany(c => c.result.Findings.Select(f => (f, c.result, c.index)))
            .ToLookup(x => x.f.Category);
        if (byCategory.Count == 0)
        {
            html.Element("p", "No findings.", "muted");
        }

        foreach (var category in CategoryInfo.BySeverity.Where(byCategory.Contains))
        {
            var entries = byCategory[category].ToList();
            var level = SarifWriter.Level(category);
            html.StartTag("details", "category").Attribute("style", IntrinsicHeight(40 + (entries.Count * 22)))
                .Raw(" open").FinishTag().Raw("<summary>")
                .Element("span", category.ToReportName(), "badge sev-" + level)
                .Raw(" ").Element("strong", Plural(entries.Count, "finding"))
                .Raw(" in ").Text(Plural(entries.Select(e => e.index).Distinct().Count(), "case"))
                .Raw(" &mdash; ").Element("span", CategoryInfo.Description(category), "muted")
                .Raw("</summary>").Open("ul");
            foreach (var (finding, result, index) in entries)
            {
                html.Open("li").Link(Anchor(index), result.Id, "mono").Raw(": ").Text(finding.Message).Close("li");
            }

            html.Close("ul").Close("details").Line();
        }

        html.Close("section").Line();
    }

    private static void WriteCaseTable(HtmlOutput html, RunResult run)
    {
        html.StartTag("section", id: "cases").Attribute("style", IntrinsicHeight(160 + (run.Results.Count * 28))).FinishTag()
            .Element("h2", "Cases")
            .Raw("<div class=\"filters\"><input id=\"case-filter\" type=\"search\" placeholder=\"Filter: words from the id, IOCTL, status...\" aria-label=\"Filter cases\">")
            .Raw("<select id=\"verdict-filter\" aria-label=\"Verdict\"><option value=\"\">all verdicts</option>")
            .Raw("<option value=\"pass\">pass</option><option value=\"fail\">fail</option>")
            .Raw("<option value=\"error\">error</option><option value=\"blocked\">blocked</option></select>")
            .Raw("<span id=\"shown-count\" class=\"muted\"></span></div>\n")
            .Open("table", id: "case-table").Raw("<thead>")
            .HeaderRow("Case", "IOCTL", "Verdict", "Status", "Expected", "Information", "Expected information")
            .Raw("</thead><tbody>\n");

        for (int index = 0; index < run.Results.Count; index++)
        {
            var result = run.Results[index];
            var verdict = ReportNames.Verdict(result.Verdict);
            html.StartTag("tr", "v-" + verdict).Attribute("data-verdict", verdict).FinishTag();
            html.Open("td");
            if (result.Verdict == CaseVerdict.Pass)
            {
                html.Element("span", result.Id, "mono");
            }
            else
            {
                html.Link(Anchor(index), result.Id, "mono");
            }

            html.Close("td")
                .Element("td", result.Case.Ioctl.Name)
                .Element("td", verdict)
                .Element("td", ReportNames.Status(result.Outcome) ?? Ended(result))
                .Element("td", ReportNames.ExpectedStatus(result) ?? "any")
                .Element("td", result.Outcome is { End: Targets.CallEnd.Completed } o ? o.Information.ToString(CultureInfo.InvariantCulture) : "")
                .Element("td", ReportNames.ExpectedInformation(result) ?? "any")
                .Close("tr").Line();
        }

        html.Raw("</tbody>").Close("table").Close("section").Line();
    }

    /// <summary>What to print in the status column when the call returned no status.</summary>
    internal static string Ended(CaseResult result) =>
        result.Outcome is null ? "not fired" : ReportNames.End(result.Outcome.End).Replace('_', ' ');

    private static void WriteDetails(HtmlOutput html, RunResult run)
    {
        html.Open("section", id: "details").Element("h2", "Cases that did not pass");
        bool any = false;
        for (int index = 0; index < run.Results.Count; index++)
        {
            if (run.Results[index].Verdict != CaseVerdict.Pass)
            {
                HtmlCaseDetails.Write(html, run.Results[index], Anchor(index));
                any = true;
            }
        }

        if (!any)
        {
            html.Element("p", "Every case passed.", "muted");
        }

        html.Close("section").Line();
    }

    /// <summary>The placeholder height of a block the browser has not laid out yet (see the style sheet).</summary>
    private static string IntrinsicHeight(long pixels) =>
        string.Create(CultureInfo.InvariantCulture, $"contain-intrinsic-size: auto {pixels}px");

    private static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");
}
