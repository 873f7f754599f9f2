using System.Globalization;
using System.Text;
using Conformance.Verdicts;

namespace Conformance.Reports.MutationScores;

/// <summary>
/// selfcheck.html: the mutation score as a page beside the self-check's run folders, each variant linked to its run's
/// report.html.
/// </summary>
public static class MutationScoreHtml
{
    /// <summary>The page's own rules on top of the run report's.</summary>
    private const string Style = "table.mutants td:nth-child(2), table.mutants td:last-child { white-space: nowrap; }";

    /// <summary>Write the page; <paramref name="folder"/> is where it is written, run folders are linked relative to it.</summary>
    public static void Write(Stream destination, MutationScore score, string folder)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(score);
        using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 14, leaveOpen: true);
        var html = new HtmlOutput(writer);
        string percent = Coverage.CoverageReport.PercentText(score.Percent);
        html.Raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Element("title", $"Self-check: mutation score {score.Caught}/{score.Total}").Line()
            .Raw("<style>\n").Raw(HtmlAssets.Style).Raw("\n").Raw(Style).Raw("\n</style>\n</head>\n<body>\n")
            .Open("header").Element("h1", "Self-check: mutation score").Close("header");
        html.Open("section", id: "score").Open("div", "counts");
        Count(html, "caught", $"{score.Caught}/{score.Total}", $"variants caught ({percent})", score.Caught == score.Total ? "passed" : "failed");
        Count(html, "clean", score.CleanFailures.ToString(CultureInfo.InvariantCulture), "failed cases on the clean driver", score.CleanFailures == 0 ? "passed" : "failed");
        html.Close("div").Open("p").Text("The clean driver's run: ").Raw(ReportLink(score.CleanRunDirectory, folder)).Close("p").Close("section").Line();

        html.Open("section", id: "variants").Element("h2", "Seeded defect variants")
            .Element("p", "Caught: some case failed with a finding that fits the defect (marked *). Failed: every case that failed or errored. By: the cases with a fitting finding.", "muted")
            .Open("table", "mutants").Raw("<thead>")
            .HeaderRow("#", "Variant", "Caught", "Failed", "By", "Categories", "First cases that caught it", "Run").Raw("</thead><tbody>");
        foreach (var variant in score.Variants)
        {
            html.Open("tr", variant.Caught ? "v-pass" : "v-fail")
                .Element("td", variant.Number.ToString(CultureInfo.InvariantCulture))
                .Element("td", variant.Name, "mono")
                .Open("td").Element("span", variant.Caught ? "caught" : "NOT CAUGHT", variant.Caught ? "badge pass" : "badge fail").Close("td")
                .Element("td", variant.FailedCases.ToString(CultureInfo.InvariantCulture))
                .Element("td", variant.CatchingCases.Count.ToString(CultureInfo.InvariantCulture))
                .Open("td");
            foreach (var category in variant.Categories)
            {
                bool fits = variant.FittingCategories.Contains(category);
                html.Element("span", category.ToReportName() + (fits ? "*" : string.Empty), "badge sev-" + SarifWriter.Level(category)).Text(" ");
            }

            html.Close("td")
                .Open("td", "mono");
            foreach (string id in variant.CatchingCases.Take(MutationScore.NamedCases))
            {
                html.Element("div", id);
            }

            if (variant.CatchingCases.Count > MutationScore.NamedCases)
            {
                html.Element("div", $"and {variant.CatchingCases.Count - MutationScore.NamedCases} more", "muted");
            }

            html.Close("td").Open("td").Raw(ReportLink(variant.RunDirectory, folder)).Close("td").Close("tr");
        }

        html.Raw("</tbody>").Close("table").Close("section").Raw("\n</body>\n</html>\n");
    }

    private static void Count(HtmlOutput html, string id, string value, string label, string state) =>
        html.Open("div", "count " + state, "count-" + id)
            .Element("span", value, "n")
            .Element("span", label, "muted")
            .Close("div");

    /// <summary>A link to a run's report.html, relative to the page.</summary>
    private static string ReportLink(string runDirectory, string folder)
    {
        string relative = Path.GetRelativePath(Path.GetFullPath(folder), Path.Combine(Path.GetFullPath(runDirectory), "report.html")).Replace('\\', '/');
        var text = new StringWriter();
        new HtmlOutput(text).StartTag("a").Attribute("href", relative).Attribute("title", Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory)))
            .FinishTag().Text("report").Close("a");
        return text.ToString();
    }
}
