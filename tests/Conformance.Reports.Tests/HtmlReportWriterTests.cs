namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class HtmlReportWriterTests
{
    private string html = "";

    [OneTimeSetUp]
    public void Write() => html = Rendered.Text(new HtmlReportWriter(), SampleRun.Build());

    [Test]
    public void TitleNamesRunTargetAndDriver()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.StartWith("<!DOCTYPE html>"));
            Assert.That(html, Does.Contain($"<title>Conformance run {SampleRun.RunId} (simulator): driver-under-test/sample/libsample.so (variant buggy)</title>"));
            Assert.That(html, Does.Contain("driver-under-test/sample/libsample.so (variant buggy)"));
        });
    }

    [Test]
    public void SummaryShowsEveryCount()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("id=\"count-total\"><span class=\"n\">6</span>"));
            Assert.That(html, Does.Contain("id=\"count-passed\"><span class=\"n\">1</span>"));
            Assert.That(html, Does.Contain("id=\"count-failed\"><span class=\"n\">3</span>"));
            Assert.That(html, Does.Contain("id=\"count-errors\"><span class=\"n\">1</span>"));
            Assert.That(html, Does.Contain("id=\"count-blocked\"><span class=\"n\">1</span>"));
        });
    }

    [Test]
    public void FindingsAreCountedBySeverityWithSecurityApartFromConformance()
    {
        int table = html.IndexOf("id=\"findings\"", StringComparison.Ordinal);
        int bugcheck = html.IndexOf(">BUGCHECK</span>", table, StringComparison.Ordinal);
        int leak = html.IndexOf(">INFO_LEAK</span>", table, StringComparison.Ordinal);
        int status = html.IndexOf(">WRONG_STATUS</span>", table, StringComparison.Ordinal);
        int security = html.IndexOf("<section class=\"kind kind-security\" id=\"security\">", StringComparison.Ordinal);
        int conformance = html.IndexOf("<section class=\"kind kind-conformance\" id=\"conformance\">", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(table, Is.GreaterThan(0));
            Assert.That(leak, Is.GreaterThan(bugcheck));
            Assert.That(status, Is.GreaterThan(leak));
            Assert.That(html, Does.Contain("<tr class=\"kind-conformance\"><td>conformance</td><td><span class=\"badge sev-warning\">WRONG_STATUS</span></td><td>2</td><td>2</td><td>2</td>"));
            Assert.That(security, Is.GreaterThan(table));
            Assert.That(conformance, Is.GreaterThan(security));
            // The hostile case fails on its status only: a conformance finding, not in the security section.
            Assert.That(html.IndexOf("data-scenario=\"sample/hostile\"", StringComparison.Ordinal), Is.GreaterThan(conformance));
        });
    }

    [Test]
    public void HeaderShowsTheRunOptionsAndTheReproduceCommand()
    {
        int start = html.IndexOf("id=\"run-options\"", StringComparison.Ordinal);
        var header = html[start..html.IndexOf("</dl>", start, StringComparison.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(header, Does.Contain("<dt>Defect variant</dt><dd>4</dd>"));
            Assert.That(header, Does.Contain("<dt>Filter</dt><dd class=\"mono\">lengths</dd>"));
            Assert.That(header, Does.Contain("<dt>Scenarios</dt><dd class=\"mono\">scenarios</dd>"));
            Assert.That(header, Does.Contain("<dt>Started</dt><dd>2026-11-25T14:30:05.000Z</dd>"));
            Assert.That(header, Does.Contain($"conformance run --scenarios results/{SampleRun.RunId}/repro --defect-variant 4</dd>"));
        });
    }

    [Test]
    public void EachFailingCaseNamesTheCommandThatReproducesIt()
    {
        // Reproducers are numbered over the fired cases that failed or errored, in run order: the bugcheck is the first.
        int start = html.IndexOf("<article class=\"case v-fail\" id=\"case-1\">", StringComparison.Ordinal);
        var details = html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
        Assert.That(details, Does.Contain($"conformance run --scenarios results/{SampleRun.RunId}/repro --defect-variant 4 --filter case-00001"));
    }

    [Test]
    public void FailingGroupsAndHeatmapsComeBeforeTheCollapsedTableOfEveryCase()
    {
        int groups = html.IndexOf("<section id=\"failing\">", StringComparison.Ordinal);
        int heatmaps = html.IndexOf("<section id=\"heatmaps\">", StringComparison.Ordinal);
        int table = html.IndexOf("<details class=\"cases\" id=\"cases\">", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(groups, Is.GreaterThan(0));
            Assert.That(heatmaps, Is.GreaterThan(groups));
            Assert.That(table, Is.GreaterThan(heatmaps));
        });
    }

    [Test]
    public void HeatmapsAreInlineSvgWithFailingCells()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("data-heatmap=\"ioctl:IOCTL_SAMPLE_COPY\""));
            Assert.That(html, Does.Contain("data-heatmap=\"scenario:sample/lengths\""));
            Assert.That(html, Does.Match("<rect class=\"cell fail\"[^>]*data-failed=\"1\""));
            Assert.That(html, Does.Contain("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        });
    }

    [Test]
    public void EventFieldsAreFormattedByType()
    {
        // CopyDone logs Status as Int32 0: a status, by name; Bytes is a length, in decimal.
        int start = html.IndexOf("<article class=\"case v-fail\" id=\"case-2\">", StringComparison.Ordinal);
        var details = html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
        Assert.That(details, Does.Contain("Status=STATUS_SUCCESS, Bytes=8"));
    }

    [Test]
    public void FailingCaseDetailsShowFindingsStatusEventsAndBufferDiff()
    {
        int start = html.IndexOf("<article class=\"case v-fail\" id=\"case-2\">", StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0));
        var details = html[start..html.IndexOf("</article>", start, StringComparison.Ordinal)];
        Assert.Multiple(() =>
        {
            Assert.That(details, Does.Contain("sample/lengths[input.size=0,output.size=64]#2"));
            Assert.That(details, Does.Contain("uninitialized pool bytes (0xC5) reached the output buffer at offset 8"));
            Assert.That(details, Does.Contain("STATUS_SUCCESS (0x00000000)"));
            Assert.That(details, Does.Contain("STATUS_INVALID_PARAMETER"));
            Assert.That(details, Does.Contain("CopyDone"));
            Assert.That(details, Does.Contain("11 bytes changed, the first at offset 0x0"));
            Assert.That(details, Does.Contain("<b>C5</b>"));
        });
    }

    [Test]
    public void BugcheckRecordIsShown()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("0x50 PAGE_FAULT_IN_NONPAGED_AREA"));
            Assert.That(html, Does.Contain("0xFFFFFC0000000000 0x0000000000000000 0xFFFFF80012345678 0x0000000000000002"));
        });
    }

    [Test]
    public void EverythingFromScenariosAndTheDriverIsEscaped()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("<script>document"));
            Assert.That(html, Does.Not.Contain("<img"));
            Assert.That(html, Does.Not.Contain("Ping<b>"));
            Assert.That(html, Does.Contain("&lt;script&gt;document.title="));
            Assert.That(html, Does.Contain("&lt;img src=x onerror="));
            Assert.That(html.Split("<script>").Length - 1, Is.EqualTo(1), "only the report's own script");
        });
    }

    [Test]
    public void PassingCasesGetNoDetails()
    {
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Not.Contain("id=\"case-0\""));
            Assert.That(html, Does.Contain("id=\"case-1\""));
            Assert.That(html, Does.Contain("id=\"case-5\""));
        });
    }

    [Test]
    public void LargeRunsStaySmallAndSelfContained()
    {
        var large = Rendered.Text(new HtmlReportWriter(), SampleRun.Large(5000));
        Assert.Multiple(() =>
        {
            Assert.That(large.Length, Is.LessThan(12_000_000), "5,000 cases, 2,000 failing");
            Assert.That(large.Split("<article ").Length - 1, Is.LessThan(10), "one block per way of failing, not one per case");
            Assert.That(large, Does.Not.Contain("src=\"http"));
            Assert.That(large, Does.Not.Contain("href=\"http"));
        });
    }
}
