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
    public void FindingsAreGroupedBySeverity()
    {
        int bugcheck = html.IndexOf(">BUGCHECK</span> <strong>", StringComparison.Ordinal);
        int leak = html.IndexOf(">INFO_LEAK</span> <strong>", StringComparison.Ordinal);
        int status = html.IndexOf(">WRONG_STATUS</span> <strong>2 findings</strong>", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck, Is.GreaterThan(0));
            Assert.That(leak, Is.GreaterThan(bugcheck));
            Assert.That(status, Is.GreaterThan(leak));
        });
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
            Assert.That(large.Length, Is.LessThan(20_000_000), "5,000 cases, 2,000 failing");
            Assert.That(large, Does.Not.Contain("src=\"http"));
            Assert.That(large, Does.Not.Contain("href=\"http"));
        });
    }
}
