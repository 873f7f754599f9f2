using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// The cases that did not pass, grouped by scenario with counts: per way of failing one case in full (inputs,
/// status, findings, bugcheck, events, buffers) and the others as one compact row each, every one with the
/// command that reproduces it. Security findings, conformance findings and unjudged cases are separate sections.
/// </summary>
internal static class HtmlFailureGroups
{
    /// <summary>Ways of failing per group shown in full; more than that is a sign the group is many bugs, and the rows still list them.</summary>
    private const int MaxRepresentatives = 4;

    private static readonly (FailureKind Kind, string Id, string Title, string Empty)[] Sections =
    [
        (FailureKind.Security, "security", "Security findings", "No security findings: no crash, hang, kernel memory read, write or leak, and no write where none may happen."),
        (FailureKind.Conformance, "conformance", "Conformance findings", "No conformance findings."),
        (FailureKind.NotJudged, "not-judged", "Errors and blocked cases", ""),
    ];

    public static void Write(HtmlOutput html, RunResult run)
    {
        var groups = FailureGroup.Of(run);
        var reproducers = ReproduceCommand.Numbers(run.Results);
        html.Open("section", id: "failing").Element("h2", "Cases that did not pass, by scenario");
        if (groups.Count == 0)
        {
            html.Element("p", "Every case passed.", "muted");
        }

        int number = 0;
        foreach (var (kind, id, title, empty) in Sections)
        {
            var inSection = groups.Where(g => g.Kind == kind).ToList();
            if (inSection.Count == 0 && (groups.Count == 0 || empty.Length == 0))
            {
                continue;
            }

            html.Open("section", "kind kind-" + id, id).Open("h3")
                .Text(title).Raw(" ").Element("span", ReportNames.Plural(inSection.Sum(g => g.Count), "case") + " in " + ReportNames.Plural(inSection.Count, "scenario"), "muted")
                .Close("h3");
            if (inSection.Count == 0)
            {
                html.Element("p", empty, "muted");
            }

            foreach (var group in inSection)
            {
                WriteGroup(html, run, group, ++number, reproducers);
            }

            html.Close("section").Line();
        }

        html.Close("section").Line();
    }

    private static void WriteGroup(HtmlOutput html, RunResult run, FailureGroup group, int number, IReadOnlyDictionary<int, int> reproducers)
    {
        string what = group.Kind == FailureKind.NotJudged ? "were not judged" : "failed";
        html.StartTag("section", "group kind-" + group.Kind.ToString().ToLowerInvariant(), "group-" + number.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Attribute("data-scenario", group.ScenarioId).Attribute("data-count", group.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)).FinishTag()
            .Open("h4", "group-title").Element("code", group.ScenarioId).Raw(": ").Element("strong", group.Share(what)).Close("h4");
        WriteCategoryCounts(html, group);
        html.Open("p", "muted").Text("Scenario ").Element("code", $"{group.Scenario.File}:{group.Scenario.Line}").Close("p");

        int shown = 0;
        foreach (var subgroup in group.Subgroups)
        {
            html.Open("div", "subgroup").Open("p", "signature")
                .Element("strong", ReportNames.Plural(subgroup.Cases.Count, "case")).Raw(": ").Element("span", subgroup.Signature, "mono").Close("p");
            var rest = subgroup.Cases;
            if (shown < MaxRepresentatives)
            {
                var representative = subgroup.Cases[0];
                shown++;
                HtmlCaseDetails.Write(html, representative.Result, HtmlReportWriter.Anchor(representative.Index), Command(run, representative, reproducers));
                rest = [.. subgroup.Cases.Skip(1)];
            }

            if (rest.Count > 0)
            {
                WriteCompactRows(html, run, rest, reproducers);
            }

            html.Close("div");
        }

        html.Close("section").Line();
    }

    /// <summary>"BUGCHECK ×290  WRONG_STATUS ×3": the findings of the group by category, most severe first.</summary>
    private static void WriteCategoryCounts(HtmlOutput html, FailureGroup group)
    {
        var counts = group.Subgroups.SelectMany(s => s.Cases)
            .SelectMany(c => c.Result.Findings.Select(f => f.Category).Distinct())
            .GroupBy(c => c).OrderBy(g => g.Key).ToList();
        if (counts.Count == 0)
        {
            return;
        }

        html.Open("p", "categories");
        foreach (var category in counts)
        {
            html.StartTag("span", "badge sev-" + SarifWriter.Level(category.Key)).Attribute("title", CategoryInfo.Description(category.Key)).FinishTag()
                .Text(category.Key.ToReportName()).Close("span")
                .Raw(" ").Element("span", "×" + category.Count().ToString(System.Globalization.CultureInfo.InvariantCulture), "muted").Raw(" ");
        }

        html.Close("p");
    }

    /// <summary>
    /// The other cases of a subgroup: one row each, their anchor on the row, so links from the table and the
    /// heatmaps land on them. Collapsed when long: the representative above already says what they share.
    /// </summary>
    private static void WriteCompactRows(HtmlOutput html, RunResult run, IReadOnlyList<IndexedCase> cases, IReadOnlyDictionary<int, int> reproducers)
    {
        html.StartTag("details", "others");
        if (cases.Count <= 10)
        {
            html.Raw(" open");
        }

        html.FinishTag().Open("summary").Text(ReportNames.Plural(cases.Count, "more case") + " the same way").Close("summary")
            .Open("table", "compact").Raw("<thead>").HeaderRow("Case", "Status", "First finding", "Reproduce").Raw("</thead><tbody>");
        foreach (var indexed in cases)
        {
            var result = indexed.Result;
            var ordered = CategoryInfo.MostSevereFirst(result.Findings);
            var first = ordered.Count > 0 ? ordered[0] : null;
            html.StartTag("tr", id: HtmlReportWriter.Anchor(indexed.Index)).FinishTag()
                .Element("td", result.Id, "mono")
                .Element("td", ReportNames.Status(result.Outcome) ?? HtmlReportWriter.Ended(result), "mono")
                .Element("td", first is null ? result.Note : $"{first.Category.ToReportName()}: {first.Message}")
                .Element("td", Command(run, indexed, reproducers), "mono")
                .Close("tr");
        }

        html.Raw("</tbody>").Close("table").Close("details");
    }

    private static string? Command(RunResult run, IndexedCase indexed, IReadOnlyDictionary<int, int> reproducers) =>
        reproducers.TryGetValue(indexed.Index, out int number) ? ReproduceCommand.ForCase(run, number) : null;
}
