using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Conformance.Reports.Tests;

/// <summary>
/// End to end: the report opened in a real browser renders the summary and a failing case, its script runs
/// to the end (it adds #report-ready), throws nothing, and none of the hostile ids or messages executes; the
/// access picture's marks land where their offsets say.
/// </summary>
[TestFixture]
public sealed class BrowserRenderingTests
{
    /// <summary>Where variant 2 crashes: the unguarded copy of a freed or no-access input (DEFECTS.md #2).</summary>
    // Freed and no-access inputs crash; every input the unguarded copy reads is USER_ACCESS_OUTSIDE_TRY (the access trace).
    private static readonly string[] FailingInputStates = ["no_access", "decommitted", "read_write", "read_only", "guard_tail"];

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
            Assert.That(dom, Does.Contain("6 of 6 cases match"));
            Assert.That(dom, Does.Contain("id=\"count-failed\"><span class=\"n\">3</span>"));
            Assert.That(dom, Does.Contain("id=\"count-blocked\"><span class=\"n\">1</span>"));
            Assert.That(dom, Does.Contain(SampleRun.LeakId));
            Assert.That(dom, Does.Contain("uninitialized pool bytes (0xC5) reached the output buffer at offset 8"));
            Assert.That(dom, Does.Contain($"<title>Conformance run {SampleRun.RunId} (simulator): driver-under-test/sample/libsample.so (variant buggy)</title>"), "a hostile id ran as script");
            Assert.That(dom, Does.Not.Contain("<img"), "a hostile message became markup");
        });
    }

    /// <summary>
    /// A real defect-variant run (variant 2 crashes on freed and no-access NEITHER inputs and copies every other input
    /// outside __try) rendered by Chromium: no script errors, the heatmaps are there with red cells exactly on those
    /// input states, and the failing
    /// groups come before the table of every case in the rendered DOM.
    /// </summary>
    [Test]
    public async Task ADefectRunRendersHeatmapsAndFailingGroupsBeforeTheTable()
    {
        RequireBrowser();
        var run = await EngineRun.DefectRunAsync(folder);

        var (dom, log) = await HeadlessChromium.DumpDomAsync(Path.Combine(run, "report.html"));

        var failingRows = Regex.Matches(dom, "<rect class=\"cell fail\"[^>]*>\\s*<title>input state=([a-z_]+),")
            .Select(m => m.Groups[1].Value).ToHashSet();
        int groups = dom.IndexOf("<section id=\"failing\">", StringComparison.Ordinal);
        int firstGroup = dom.IndexOf("data-scenario=\"conformance-sample/neither-transform\"", StringComparison.Ordinal);
        int heatmap = dom.IndexOf("data-heatmap=\"ioctl:IOCTL_SAMPLE_NEITHER_TRANSFORM\"", StringComparison.Ordinal);
        int table = dom.IndexOf("<details class=\"cases\" id=\"cases\">", StringComparison.Ordinal);
        Assert.Multiple(() =>
        {
            Assert.That(Uncaught(log), Is.Empty, "JavaScript errors in the browser log");
            Assert.That(dom, Does.Contain("<div id=\"report-ready\" hidden=\"\" data-cases=\""), "the report's script did not finish");
            Assert.That(dom, Does.Contain("data-heatmap=\"scenario:conformance-sample/neither-transform\""));
            Assert.That(failingRows, Is.EquivalentTo(FailingInputStates), "red cells only where the defect crashes or touches outside __try");
            Assert.That(dom, Does.Contain("<dt>Defect variant</dt><dd>2</dd>"));
            Assert.That(dom, Does.Match("--scenarios [^<]*/repro --defect-variant 2 --filter case-00001"));
            Assert.That(dom, Does.Match("<strong>\\d+ of \\d+ cases failed</strong>"));
            Assert.That(groups, Is.GreaterThan(0));
            Assert.That(firstGroup, Is.GreaterThan(groups));
            Assert.That(heatmap, Is.GreaterThan(firstGroup));
            Assert.That(table, Is.GreaterThan(heatmap), "the table of every case comes last");
        });
    }

    /// <summary>
    /// The access picture as Chromium lays it out: each touch's segment where its offset and size put it on its
    /// buffer's bar, hatched when not probed, outlined when outside __try, and the re-read band over the re-read
    /// bytes. The markup tests check the numbers written; this checks that the style really draws them there.
    /// </summary>
    [Test]
    public async Task AccessSegmentsAndTheReReadBandAreDrawnAtTheirOffsets()
    {
        RequireBrowser();
        var path = Path.Combine(folder, "report.html");
        await File.WriteAllTextAsync(path, MeasuredMarks.AddTo(Rendered.Text(new HtmlReportWriter(), TracedCase.Run(TracedCase.DoubleFetch))));

        var (dom, _) = await HeadlessChromium.DumpDomAsync(path);

        // The input's bar spans offsets 0 to 24 (16 bytes and a read 8 past them), the output's 0 to 8; the
        // fifth touch, outside both buffers, has no segment.
        Assert.That(MeasuredMarks.Read(dom), Is.EqualTo("""

            1 refetch 17 17 dashed plain
            1 seg read 0 33 none plain
            2 refetch 17 17 dashed plain
            2 seg read 17 17 none plain
            3 seg read unprobed 33 67 none hatched
            4 seg write outside-try 0 100 solid plain

            """));
    }

    /// <summary>
    /// Guards the script-error checks above: if a Chromium update stopped logging uncaught errors this way, "no errors"
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
