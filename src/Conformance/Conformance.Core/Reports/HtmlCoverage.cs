using System.Globalization;
using Conformance.Coverage;

namespace Conformance.Reports;

/// <summary>
/// report.html's coverage section (run --coverage, docs/coverage.md): the totals, a table per driver file, and each
/// file's source with every line marked covered, uncovered or partly covered (a branch outcome that never happened),
/// with its count and its branch outcomes taken.
/// </summary>
internal static class HtmlCoverage
{
    /// <summary>Kept here, not in <see cref="HtmlAssets"/>: the section carries its own few rules.</summary>
    private const string Style = """
        table.cov-files { width: auto; } table.cov-files td.n { text-align: right; }
        table.cov-source { width: auto; } table.cov-source td { border: 0; padding: 0 .6rem 0 0; white-space: pre; }
        table.cov-source td.n, table.cov-source td.count, table.cov-source td.br { text-align: right; color: var(--muted); }
        table.cov-source tr.cov-hit td.text { background: #dafbe1; } table.cov-source tr.cov-miss td.text { background: #ffebe9; }
        table.cov-source tr.cov-partial td.text { background: #fff8c5; } table.cov-source tr.cov-miss td.count { color: var(--fail); font-weight: 600; }
        details.cov-file { margin: .5rem 0; } details.cov-file summary { cursor: pointer; }
        """;

    /// <summary>The anchor of a file's annotated source.</summary>
    internal static string Anchor(int index) => string.Create(CultureInfo.InvariantCulture, $"coverage-file-{index}");

    public static void Write(HtmlOutput html, CoverageReport coverage)
    {
        html.Open("section", id: "coverage").Element("h2", "Driver coverage").Raw("<style>\n").Raw(Style).Raw("\n</style>\n");
        if (coverage.Error is { } error)
        {
            html.Element("p", $"Not measured: {error}", "bad").Close("section").Line();
            return;
        }

        html.Open("p").Text($"What this run reached of the driver's own sources ({coverage.Tool}): ")
            .Element("strong", $"lines {CoverageReport.PercentText(coverage.LinesPercent)}").Text($" ({coverage.LinesCovered} of {coverage.LinesTotal}), ")
            .Element("strong", $"branches {CoverageReport.PercentText(coverage.BranchesPercent)}").Text($" ({coverage.BranchesTaken} of {coverage.BranchesTotal} outcomes taken).")
            .Close("p");
        WriteFileTable(html, coverage);
        for (int i = 0; i < coverage.Files.Count; i++)
        {
            WriteSource(html, coverage.Files[i], i);
        }

        html.Close("section").Line();
    }

    private static void WriteFileTable(HtmlOutput html, CoverageReport coverage)
    {
        html.Open("table", "cov-files").Raw("<thead>")
            .HeaderRow("File", "Lines", "Covered", "Branches", "Taken", "Never ran", "Partly").Raw("</thead><tbody>");
        for (int i = 0; i < coverage.Files.Count; i++)
        {
            var file = coverage.Files[i];
            html.Open("tr").Open("td").Link(Anchor(i), file.File, "mono").Close("td")
                .Element("td", CoverageReport.PercentText(CoverageReport.Percent(file.LinesCovered, file.LinesTotal)), "n")
                .Element("td", $"{file.LinesCovered}/{file.LinesTotal}", "n")
                .Element("td", CoverageReport.PercentText(CoverageReport.Percent(file.BranchesTaken, file.BranchesTotal)), "n")
                .Element("td", $"{file.BranchesTaken}/{file.BranchesTotal}", "n")
                .Element("td", Number(file.Lines.Count(l => l.Executable && !l.Covered)), "n")
                .Element("td", Number(file.Lines.Count(l => l.Partial)), "n")
                .Close("tr");
        }

        html.Raw("</tbody>").Close("table");
    }

    /// <summary>A file's source, collapsed under its summary line (the table above links to it).</summary>
    private static void WriteSource(HtmlOutput html, FileCoverage file, int index)
    {
        int missed = file.Lines.Count(l => l.Executable && !l.Covered);
        html.StartTag("details", "cov-file", Anchor(index)).FinishTag()
            .Open("summary").Element("code", file.File)
            .Text($" — {file.LinesCovered}/{file.LinesTotal} lines, {file.BranchesTaken}/{file.BranchesTotal} branch outcomes" + (missed > 0 ? $", {missed} line(s) never ran" : string.Empty))
            .Close("summary");
        html.Open("table", "cov-source mono").Raw("<thead>").HeaderRow("Line", "Count", "Branches", "Source").Raw("</thead><tbody>");
        foreach (var line in file.Lines)
        {
            string? state = !line.Executable ? null : !line.Covered ? "cov-miss" : line.Partial ? "cov-partial" : "cov-hit";
            html.StartTag("tr", state).Attribute("title", Title(line)).FinishTag()
                .Element("td", Number(line.Number), "n")
                .Element("td", line.Count is { } count ? (count == 0 ? "never" : count.ToString(CultureInfo.InvariantCulture)) : string.Empty, "count")
                .Element("td", line.Branches > 0 ? $"{line.BranchesTaken}/{line.Branches}" : string.Empty, "br")
                .Element("td", line.Text, "text")
                .Close("tr");
        }

        html.Raw("</tbody>").Close("table").Close("details").Line();
    }

    private static string? Title(CoveredLine line) => line switch
    {
        { Executable: false } => null,
        { Covered: false } => "never ran",
        { Partial: true } => $"ran {line.Count} time(s); {line.Branches - line.BranchesTaken} of {line.Branches} branch outcome(s) never happened",
        _ => $"ran {line.Count} time(s)",
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
