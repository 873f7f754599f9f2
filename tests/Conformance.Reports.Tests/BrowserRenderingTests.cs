using System.Diagnostics;

namespace Conformance.Reports.Tests;

/// <summary>
/// End to end: the report opened in a real browser renders the summary and a failing case, its script runs
/// to the end (it adds #report-ready), throws nothing, and none of the hostile ids or messages executes.
/// </summary>
[TestFixture]
public sealed class BrowserRenderingTests
{
    private string folder = "";

    [SetUp]
    public void CreateFolder() => folder = Directory.CreateTempSubdirectory("report-html-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public async Task ReportRendersInChromiumWithoutScriptErrors()
    {
        RequireBrowser();

        var path = Path.Combine(folder, "report.html");
        await using (var stream = File.Create(path))
        {
            new HtmlReportWriter().Write(SampleRun.Build(), stream);
        }

        var clock = Stopwatch.StartNew();
        var (dom, log) = await HeadlessChromium.DumpDomAsync(path);
        TestContext.Out.WriteLine($"chromium took {clock.Elapsed.TotalSeconds:F1} s");

        var uncaught = Uncaught(log);
        Assert.Multiple(() =>
        {
            Assert.That(uncaught, Is.Empty, "JavaScript errors in the browser log");
            Assert.That(dom, Does.Contain("<div id=\"report-ready\" hidden=\"\" data-cases=\"6\"></div>"), "the report's script did not finish");
            Assert.That(dom, Does.Contain("6 of 6 cases shown"));
            Assert.That(dom, Does.Contain("id=\"count-failed\"><span class=\"n\">3</span>"));
            Assert.That(dom, Does.Contain("id=\"count-blocked\"><span class=\"n\">1</span>"));
            Assert.That(dom, Does.Contain(SampleRun.LeakId));
            Assert.That(dom, Does.Contain("uninitialized pool bytes (0xC5) reached the output buffer at offset 8"));
            Assert.That(dom, Does.Contain($"<title>Conformance run {SampleRun.RunId} (simulator): driver-under-test/sample/libsample.so (variant buggy)</title>"), "a hostile id ran as script");
            Assert.That(dom, Does.Not.Contain("<img"), "a hostile message became markup");
        });
    }

    /// <summary>
    /// Guards the check above: if a Chromium update stopped logging uncaught errors this way, "no errors"
    /// would pass vacuously.
    /// </summary>
    [Test]
    public async Task AThrowingScriptIsSeenInTheBrowserLog()
    {
        RequireBrowser();
        var path = Path.Combine(folder, "throws.html");
        await File.WriteAllTextAsync(path, "<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>");
        var (_, log) = await HeadlessChromium.DumpDomAsync(path);
        Assert.That(Uncaught(log), Has.Some.Contains("undefinedFunction"));
    }

    private static void RequireBrowser()
    {
        if (!File.Exists(HeadlessChromium.BrowserPath))
        {
            Assert.Fail($"{HeadlessChromium.BrowserPath} is missing; install it with {HeadlessChromium.InstallScript} (as root).");
        }
    }

    private static List<string> Uncaught(string log) =>
        [.. log.Split('\n').Where(line => line.Contains("Uncaught", StringComparison.Ordinal))];
}
