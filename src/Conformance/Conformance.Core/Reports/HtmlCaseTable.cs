using System.Globalization;
using Conformance.Running;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// Every case of the run in one table, last on the page and collapsed: 13,980 rows must not bury the failing
/// cases. The page's script filters it (words, verdict) and shows it a page at a time; without script it is a
/// plain table behind a &lt;details&gt; that opens on demand.
/// </summary>
internal static class HtmlCaseTable
{
    public static void Write(HtmlOutput html, RunResult run)
    {
        int count = run.Results.Count;
        html.StartTag("details", "cases", "cases").FinishTag()
            .Open("summary").Element("h2", $"All {count.ToString("N0", CultureInfo.InvariantCulture)} cases").Close("summary")
            .Raw("<div class=\"filters\"><input id=\"case-filter\" type=\"search\" placeholder=\"Filter: words from the id, IOCTL, status...\" aria-label=\"Filter cases\">")
            .Raw("<select id=\"verdict-filter\" aria-label=\"Verdict\"><option value=\"\">all verdicts</option>")
            .Raw("<option value=\"pass\">pass</option><option value=\"fail\">fail</option>")
            .Raw("<option value=\"error\">error</option><option value=\"blocked\">blocked</option></select>")
            .Raw("<span id=\"shown-count\" class=\"muted\"></span>")
            .Raw("<span class=\"pager\" hidden><button type=\"button\" id=\"page-prev\">&larr; previous</button>")
            .Raw("<button type=\"button\" id=\"page-next\">next &rarr;</button></span></div>\n")
            .Open("table", id: "case-table").Raw("<thead>")
            .HeaderRow("Case", "IOCTL", "Verdict", "Status", "Expected", "Information", "Expected information")
            .Raw("</thead><tbody>\n");

        for (int index = 0; index < count; index++)
        {
            var result = run.Results[index];
            var verdict = ReportNames.Verdict(result.Verdict);
            // As little markup a row as reads well: the table has a row for every case (13,980 at 20 repetitions),
            // and the clean catalog's whole run folder is held to 2 KB a case. The verdict filter reads the class.
            html.Open("tr", "v-" + verdict).Open("td", "mono");
            if (result.Verdict == CaseVerdict.Pass)
            {
                html.Text(result.Id);
            }
            else
            {
                html.Link(HtmlReportWriter.Anchor(index), result.Id);
            }

            html.Close("td")
                .Element("td", result.Case.Ioctl.Name)
                .Element("td", verdict)
                .Element("td", ReportNames.Status(result.Outcome) ?? HtmlReportWriter.Ended(result))
                .Element("td", ReportNames.ExpectedStatus(result) ?? "any")
                .Element("td", result.Outcome is { End: CallEnd.Completed } o
                    ? o.InformationObserved ? o.Information.ToString(CultureInfo.InvariantCulture) : "not observable"
                    : "")
                .Element("td", ReportNames.ExpectedInformation(result) ?? "any")
                .Close("tr").Line();
        }

        html.Raw("</tbody>").Close("table").Close("details").Line();
    }
}
