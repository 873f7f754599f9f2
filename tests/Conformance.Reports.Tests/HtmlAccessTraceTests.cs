using System.Text.RegularExpressions;

namespace Conformance.Reports.Tests;

/// <summary>The picture of a failing case's access trace in report.html: rows in order, segments over the buffers' bars.</summary>
[TestFixture]
public sealed class HtmlAccessTraceTests
{
    private const string SectionStart = "<section class=\"access-trace\">";

    [Test]
    public void AFailingCaseWithATraceShowsEveryTouchInOrder()
    {
        var rows = Rows(TracedCase.DoubleFetch);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(5));
            Assert.That(rows[0], Does.StartWith("<td class=\"mono\">1</td>"));
            Assert.That(rows[0], Does.Contain(">neither.c:444 SampleRecordsCaptureHeader</td>"));
            Assert.That(rows[1], Does.Contain(">neither.c:557 SampleRecordsCaptureBody</td>"));
            Assert.That(rows[0], Does.Contain("<td>read</td><td>yes</td><td>yes</td>"));
            Assert.That(rows[3], Does.Contain("<td class=\"write\">write</td><td>yes</td><td class=\"bad\">no</td>"));
            Assert.That(rows[4], Does.Contain(">not the driver&#x27;s code</td>"));
        });
    }

    [Test]
    public void TheCaptionCountsTheTouchesByKind()
    {
        Assert.That(Section(TracedCase.DoubleFetch), Does.Contain(
            "5 touches of user memory by the driver, the first at the top: 4 reads, 1 write; 2 not probed, 2 outside __try, 1 re-read of bytes read before (double fetch)."));
    }

    [Test]
    public void ACaseWithoutATraceOrWithAnEmptyOneHasNoPicture()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Rendered.Text(new HtmlReportWriter(), SampleRun.Build()), Does.Not.Contain(SectionStart));
            Assert.That(Rendered.Text(new HtmlReportWriter(), TracedCase.Run([])), Does.Not.Contain(SectionStart));
        });
    }

    [Test]
    public void EachBufferIsABarOfItsOffsetsWidenedToTheFurthestTouch()
    {
        var section = Section(TracedCase.DoubleFetch);
        Assert.Multiple(() =>
        {
            // The input's 16 bytes and the read to input+24 past them; the output's 8 bytes as declared.
            Assert.That(section, Does.Contain("<th class=\"lane\">input <span class=\"muted\">16 bytes</span><span class=\"scale\"><span>0</span><span>24</span></span></th>"));
            Assert.That(section, Does.Contain("<th class=\"lane\">output <span class=\"muted\">8 bytes</span><span class=\"scale\"><span>0</span><span>8</span></span></th>"));
            Assert.That(section, Does.Contain("<span class=\"past\" style=\"left:66.667%;width:33.333%\""));
        });
    }

    [Test]
    public void SegmentsSitAtTheirOffsetAndWidthOnTheirBuffersBar()
    {
        var rows = Rows(TracedCase.DoubleFetch);
        Assert.Multiple(() =>
        {
            Assert.That(Segments(rows[0]), Is.EqualTo("seg read @0%/33.333%"));
            Assert.That(Segments(rows[1]), Is.EqualTo("seg read @16.667%/16.667%"));
            Assert.That(Segments(rows[2]), Is.EqualTo("seg read unprobed @33.333%/66.667%"));
            Assert.That(Segments(rows[3]), Is.EqualTo("seg write outside-try @0%/100%"));
            Assert.That(rows[3].IndexOf("class=\"seg", StringComparison.Ordinal), Is.GreaterThan(rows[3].IndexOf("<td class=\"lane\"><div class=\"track\"></div></td>", StringComparison.Ordinal)),
                "the write is on the output's bar, the second");
        });
    }

    [Test]
    public void FewTouchedBytesOfALargeBufferGetACloseUpWithItsPlaceInTheHeader()
    {
        // An 8-byte header read and its 4-byte re-read at the start of a 4096-byte input: on the full bar both
        // would be a couple of pixels wide.
        var section = Section(TracedCase.DoubleFetch.Take(2).ToList(), inputSize: 4096);
        var rows = RowsOf(section);
        Assert.Multiple(() =>
        {
            Assert.That(section, Does.Contain("<th class=\"lane\">input <span class=\"muted\">4096 bytes</span><div class=\"overview\">"
                + "<span class=\"window\" style=\"left:0%;width:0.195%\" title=\"close-up of bytes 0 to 8\"></span></div>"
                + "<span class=\"muted\">close-up of bytes 0 to 8</span><span class=\"scale\"><span>0</span><span>8</span></span></th>"));
            Assert.That(Segments(rows[0]), Is.EqualTo("seg read @0%/100%"));
            Assert.That(Segments(rows[1]), Is.EqualTo("seg read @50%/50%"));
            Assert.That(section, Does.Not.Contain("class=\"past\" style"), "the buffer's end is far off the close-up");
        });
    }

    [Test]
    public void WithoutADoubleFetchThereIsNoDoubleFetchColumn()
    {
        var section = Section(TracedCase.DoubleFetch.Skip(2).ToList());
        Assert.Multiple(() =>
        {
            Assert.That(section, Does.Not.Contain("<th>Double fetch</th>"));
            Assert.That(section, Does.Not.Contain("class=\"refetch\" style"));
        });
    }

    [Test]
    public void TouchesAreDescribedInWordsNotOnlyByColour()
    {
        var rows = Rows(TracedCase.DoubleFetch);
        Assert.Multiple(() =>
        {
            Assert.That(rows[2], Does.Contain("title=\"#3 read of 16 bytes, not probed, inside __try at input&#x2B;8, 16 bytes (past its 16 bytes)\""));
            Assert.That(rows[2], Does.Contain("<td class=\"mono where\">input&#x2B;8, 16 bytes (past its 16 bytes)</td>"));
            Assert.That(rows[3], Does.Contain("title=\"#4 write of 8 bytes, probed, outside __try at output&#x2B;0, 8 bytes\""));
        });
    }

    [Test]
    public void TheReReadBytesAreBandedFromTheFirstReadDownToTheReRead()
    {
        var rows = Rows(TracedCase.DoubleFetch);
        const string Band = "<span class=\"refetch\" style=\"left:16.667%;width:16.667%\" title=\"input&#x2B;4, 4 bytes: read by #1, read again by #2\">";
        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Does.Contain(Band));
            Assert.That(rows[1], Does.Contain(Band));
            Assert.That(rows.Skip(2), Has.None.Contains("class=\"refetch\""));
            Assert.That(rows[0], Does.Contain("<td class=\"note\">read again by #2</td>"));
            Assert.That(rows[1], Does.Contain("<td class=\"note\">reads input&#x2B;4 (4 bytes) again, first read by #1</td>"));
        });
    }

    [Test]
    public void ATouchOutsideBothBuffersIsListedByItsAddress()
    {
        var rows = Rows(TracedCase.DoubleFetch);
        Assert.Multiple(() =>
        {
            Assert.That(rows[4], Does.Contain("<td class=\"mono where\">user address 0x7FFE0300, 4 bytes</td>"));
            Assert.That(Segments(rows[4]), Is.Empty);
        });
    }

    [Test]
    public void ALongTraceIsCappedAndSaysHowManyTouchesWereLeftOut()
    {
        var section = Section(TracedCase.Reads(250), dropped: 7);
        var rows = RowsOf(section);
        Assert.Multiple(() =>
        {
            Assert.That(rows, Has.Count.EqualTo(HtmlAccessTrace.MaxRows));
            // Byte 0 is read by #1 and again every 16th touch: the note names three and counts the rest.
            Assert.That(rows[0], Does.Contain("<td class=\"note\">read again by #17, #33, #49 and 12 more</td>"));
            Assert.That(Regex.Count(rows[20], "class=\"refetch\""), Is.EqualTo(16), "one band per re-read byte range crossing the row");
            Assert.That(section, Does.Contain("150 more touches not shown: the table stops at the first 100 of 250."));
            Assert.That(section, Does.Contain("The trace was full: 7 later touches were not recorded."));
        });
    }

    private static string Section(IReadOnlyList<Conformance.Targets.UserAccess> accesses, ulong dropped = 0, uint inputSize = 16)
    {
        var html = Rendered.Text(new HtmlReportWriter(), TracedCase.Run(accesses, dropped, inputSize));
        int start = html.IndexOf(SectionStart, StringComparison.Ordinal);
        Assert.That(start, Is.GreaterThan(0), "no access trace in the report");
        return html[start..html.IndexOf("</section>", start, StringComparison.Ordinal)];
    }

    private static List<string> Rows(IReadOnlyList<Conformance.Targets.UserAccess> accesses) => RowsOf(Section(accesses));

    /// <summary>The body rows' inner markup, in order.</summary>
    private static List<string> RowsOf(string section)
    {
        int body = section.IndexOf("<tbody>", StringComparison.Ordinal);
        var rows = section[(body + "<tbody>".Length)..section.IndexOf("</tbody>", StringComparison.Ordinal)];
        return [.. rows.Split("<tr>", StringSplitOptions.RemoveEmptyEntries).Select(r => r.Replace("</tr>", "", StringComparison.Ordinal))];
    }

    /// <summary>"seg read @16.667%/16.667%": the touch segments of a row, their classes, left and width.</summary>
    private static string Segments(string row) => string.Join(" | ",
        Regex.Matches(row, "<span class=\"(seg[^\"]*)\" style=\"left:([0-9.]+%);width:([0-9.]+%)\"")
            .Select(m => $"{m.Groups[1].Value} @{m.Groups[2].Value}/{m.Groups[3].Value}"));
}
