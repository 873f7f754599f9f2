using System.Text.Json;
using Conformance.Coverage;

namespace Conformance.Reports.Tests;

/// <summary>A run with coverage (run --coverage): results.json's "coverage" object and report.html's annotated sources.</summary>
[TestFixture]
public sealed class CoverageReportTests
{
    private static readonly CoverageReport Coverage = new(
        "gcov",
        [
            new FileCoverage("driver-under-test/src/neither.c",
            [
                new CoveredLine(1, "/* neither.c */", null, 0, 0),
                new CoveredLine(2, "NTSTATUS Neither(PIRP Irp)", 7, 0, 0),
                new CoveredLine(3, "    if (length < sizeof(ULONG)) {", 7, 2, 1),
                new CoveredLine(4, "        return STATUS_BUFFER_TOO_SMALL; // <never>", 0, 0, 0),
                new CoveredLine(5, "    return STATUS_SUCCESS;", 7, 0, 0),
            ]),
            new FileCoverage("driver-under-test/src/trace.c", [new CoveredLine(1, "VOID Trace(VOID)", 3, 0, 0)]),
        ]);

    private static readonly string[] CoveredFiles = ["driver-under-test/src/neither.c", "driver-under-test/src/trace.c"];
    private static readonly string[] UncoveredLines = ["driver-under-test/src/neither.c:4"];

    [Test]
    public void ResultsJsonCarriesTotalsFilesUncoveredAndPartialLines()
    {
        using var document = JsonDocument.Parse(Rendered.Text(new ResultsJsonWriter(), SampleRun.Build() with { Coverage = Coverage }));
        var coverage = document.RootElement.GetProperty("coverage");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(coverage.GetProperty("tool").GetString(), Is.EqualTo("gcov"));
            Assert.That(coverage.GetProperty("lines_pct").GetDouble(), Is.EqualTo(80.0)); // 4 of 5 lines with code
            Assert.That((coverage.GetProperty("lines_covered").GetInt32(), coverage.GetProperty("lines_total").GetInt32()), Is.EqualTo((4, 5)));
            Assert.That(coverage.GetProperty("branches_pct").GetDouble(), Is.EqualTo(50.0));
            Assert.That(coverage.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("file").GetString()),
                Is.EqualTo(CoveredFiles));
            Assert.That(coverage.GetProperty("files")[1].GetProperty("branches_pct").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(coverage.GetProperty("uncovered").EnumerateArray().Select(u => $"{u.GetProperty("file").GetString()}:{u.GetProperty("line").GetInt32()}"),
                Is.EqualTo(UncoveredLines));
            Assert.That(coverage.GetProperty("partial")[0].GetProperty("line").GetInt32(), Is.EqualTo(3));
        }
    }

    [Test]
    public void ResultsJsonHasNoCoverageWhenTheRunDidNotMeasureIt()
    {
        using var document = JsonDocument.Parse(Rendered.Text(new ResultsJsonWriter(), SampleRun.Build()));

        Assert.That(document.RootElement.TryGetProperty("coverage", out _), Is.False);
    }

    [Test]
    public void TheReportShowsEachFileAndItsSourceWithEveryLineMarked()
    {
        string html = Rendered.Text(new HtmlReportWriter(), SampleRun.Build() with { Coverage = Coverage });

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<section id=\"coverage\"><h2>Driver coverage</h2>"));
            Assert.That(html, Does.Contain("<strong>lines 80.0%</strong> (4 of 5)"));
            Assert.That(html, Does.Contain("<a class=\"mono\" href=\"#coverage-file-0\">driver-under-test/src/neither.c</a>"));
            Assert.That(html, Does.Contain("<tr class=\"cov-partial\" title=\"ran 7 time(s); 1 of 2 branch outcome(s) never happened\">"));
            Assert.That(html, Does.Contain("<tr class=\"cov-miss\" title=\"never ran\"><td class=\"n\">4</td><td class=\"count\">never</td>"));
            Assert.That(html, Does.Contain("return STATUS_BUFFER_TOO_SMALL; // &lt;never&gt;"), "source text is encoded");
            Assert.That(html, Does.Contain("<tr><td class=\"n\">1</td><td class=\"count\"></td><td class=\"br\"></td><td class=\"text\">/* neither.c */</td></tr>"));
        }
    }

    [Test]
    public void ACoverageThatCouldNotBeReadSaysWhy()
    {
        string html = Rendered.Text(new HtmlReportWriter(), SampleRun.Build() with { Coverage = CoverageReport.Failed("gcov", "gcov is not installed") });

        Assert.That(html, Does.Contain("Not measured: gcov is not installed"));
    }
}
