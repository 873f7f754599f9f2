using System.Globalization;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// The access trace of a case that did not pass, drawn over the caller's buffers: one row per touch of user memory,
/// in the order the driver made it, and per buffer a bar of its offsets with the touch at its place and width.
/// Reads and writes differ in colour, a touch no probe covered is hatched, one outside any __try has a red outline,
/// and bytes a later read fetched again are a yellow band from the first read down to the re-read. Every mark is
/// also said in the row's text and the mark's tooltip, so nothing is told by colour alone. HTML and CSS only;
/// how each bar is scaled (whole buffer or close-up) is <see cref="AccessLane"/>'s.
/// </summary>
internal static class HtmlAccessTrace
{
    /// <summary>Rows drawn; a longer trace says how many it left out (the findings already name the offending touches).</summary>
    internal const int MaxRows = 100;

    /// <summary>Re-reads of one read its note names; the rest are counted.</summary>
    private const int NamedRereads = 3;

    public static void Write(HtmlOutput html, IoctlCall call, UserAccessTrace trace)
    {
        var accesses = trace.Accesses;
        var places = new AccessPlaces(trace, call);
        var lanes = AccessLane.Of(call, trace, places);
        var refetches = Refetches(accesses, places);
        int shown = Math.Min(accesses.Count, MaxRows);

        html.Open("section", "access-trace").Element("h4", "User memory accesses")
            .Element("p", Caption(accesses, refetches.Count), "muted");
        Legend(html);
        html.Open("table", "access").Raw("<thead>").Open("tr").Element("th", "#");
        foreach (var lane in lanes)
        {
            LaneHeader(html, lane);
        }

        html.Element("th", "Access").Element("th", "Probed").Element("th", "In __try").Element("th", "Where").Element("th", "Driver code");
        if (refetches.Count > 0)
        {
            html.Element("th", "Double fetch");
        }

        html.Close("tr").Raw("</thead><tbody>");
        for (int index = 0; index < shown; index++)
        {
            Row(html, index, accesses[index], places, lanes, refetches);
        }

        html.Raw("</tbody>").Close("table");
        if (accesses.Count > shown)
        {
            html.Element("p", Say($"{accesses.Count - shown} more touches not shown: the table stops at the first {shown} of {accesses.Count}."), "muted");
        }

        if (trace.Dropped > 0)
        {
            html.Element("p", Say($"The trace was full: {trace.Dropped} later touches were not recorded."), "muted");
        }

        html.Close("section");
    }

    /// <summary>Bytes a read fetched again: banded in every row from the first read down to the re-read.</summary>
    private sealed record Refetch(int First, int Again, string? Buffer, ulong Offset, ulong Length, string From);

    private static List<Refetch> Refetches(IReadOnlyList<UserAccess> accesses, AccessPlaces places) =>
        [.. AccessJudge.DoubleFetches(accesses).Select(fetch =>
        {
            var (first, again) = (accesses[fetch.First], accesses[fetch.Again]);
            ulong from = Math.Max(first.Address, again.Address);
            var place = places.Locate(from);
            return new Refetch(fetch.First, fetch.Again, place?.Buffer, place?.Offset ?? 0, Math.Min(first.End, again.End) - from, places.Describe(from));
        })];

    private static string Caption(IReadOnlyList<UserAccess> accesses, int refetches)
    {
        int writes = accesses.Count(a => a.IsWrite);
        return Say($"{accesses.Count} {(accesses.Count == 1 ? "touch" : "touches")} of user memory by the driver, the first at the top: ")
            + $"{ReportNames.Plural(accesses.Count - writes, "read")}, {ReportNames.Plural(writes, "write")}; "
            + Say($"{accesses.Count(a => !a.Probed)} not probed, {accesses.Count(a => !a.InTry)} outside __try, ")
            + $"{ReportNames.Plural(refetches, "re-read")} of bytes read before (double fetch). "
            + "Each bar spans its buffer from offset 0 to its length, further when a touch went past the end, "
            + "or is a close-up of the touched bytes of a large buffer (its header shows where they are).";
    }

    private static void Legend(HtmlOutput html)
    {
        html.Open("p", "legend");
        Key(html, "seg read", "read");
        Key(html, "seg write", "write");
        Key(html, "seg read unprobed", "not probed (hatched)");
        Key(html, "seg read outside-try", "outside __try (red outline)");
        Key(html, "refetch", "read again: double fetch (yellow band)");
        Key(html, "past", "past the buffer's end (grey hatching)");
        html.Close("p");
    }

    private static void Key(HtmlOutput html, string swatch, string meaning) =>
        html.Open("span", "key").Open("span", swatch).Close("span").Raw(" ").Text(meaning).Close("span");

    private static void LaneHeader(HtmlOutput html, AccessLane lane)
    {
        var buffer = lane.Buffer;
        string size = buffer.Size == buffer.DeclaredLength
            ? Say($"{buffer.DeclaredLength} bytes")
            : Say($"declared {buffer.DeclaredLength}, size {buffer.Size}");
        html.Open("th", "lane").Text(lane.Name).Raw(" ").Element("span", size, "muted");
        if (lane.IsCloseUp)
        {
            string window = Say($"close-up of bytes {lane.From} to {lane.To}");
            html.Open("div", "overview");
            if (lane.Valid < lane.Extent)
            {
                Mark(html, "past", lane.OverviewStyle(lane.Valid, lane.Extent - lane.Valid), "past the buffer's end");
            }

            Mark(html, "window", lane.OverviewStyle(lane.From, lane.To - lane.From), window);
            html.Close("div").Element("span", window, "muted");
        }

        html.Open("span", "scale").Element("span", Say($"{lane.From}")).Element("span", Say($"{lane.To}")).Close("span")
            .Close("th");
    }

    private static void Row(HtmlOutput html, int index, UserAccess access, AccessPlaces places, IReadOnlyList<AccessLane> lanes, IReadOnlyList<Refetch> refetches)
    {
        var place = places.Locate(access.Address);
        var lane = place is { } at ? lanes.FirstOrDefault(l => l.Name == at.Buffer) : null;
        ulong offset = place?.Offset ?? 0;
        string? past = lane is null ? null : PastEnd(lane.Buffer, offset + access.Size);
        string where = $"{places.Describe(access.Address)}, {Bytes(access.Size)}" + (past is null ? "" : $" ({past})");
        string note = Note(index, refetches);

        html.Open("tr").Element("td", Number(index), "mono");
        foreach (var each in lanes)
        {
            html.Open("td", "lane").Open("div", "track");
            Marks(html, each, index, refetches);
            if (ReferenceEquals(each, lane))
            {
                string css = "seg " + (access.IsWrite ? "write" : "read") + (access.Probed ? "" : " unprobed") + (access.InTry ? "" : " outside-try");
                Mark(html, css, each.Style(offset, access.Size), $"#{Number(index)} {Kind(access)} at {where}" + (note.Length == 0 ? "" : "; " + note));
            }

            html.Close("div").Close("td");
        }

        html.Element("td", access.IsWrite ? "write" : "read", access.IsWrite ? "write" : null)
            .Element("td", access.Probed ? "yes" : "no", access.Probed ? null : "bad")
            .Element("td", access.InTry ? "yes" : "no", access.InTry ? null : "bad")
            .Element("td", where, "mono where")
            .StartTag("td", "mono").Attribute("title", access.Code?.ToString()).FinishTag().Text(Source(access.Code)).Close("td");
        if (refetches.Count > 0)
        {
            html.Element("td", note, "note");
        }

        html.Close("tr");
    }

    /// <summary>What every row of a bar carries: the zone past the buffer's end, its end marks, and the re-read bands crossing the row.</summary>
    private static void Marks(HtmlOutput html, AccessLane lane, int index, IReadOnlyList<Refetch> refetches)
    {
        var buffer = lane.Buffer;
        if (lane.Valid < lane.Extent)
        {
            Mark(html, "past", lane.Style(lane.Valid, lane.Extent - lane.Valid), Say($"past the buffer's end ({lane.Valid} usable bytes)"));
        }

        Mark(html, "end", lane.Style(buffer.DeclaredLength, 0), Say($"declared length {buffer.DeclaredLength}"));
        if (buffer.Size != buffer.DeclaredLength)
        {
            Mark(html, "end", lane.Style(buffer.Size, 0), Say($"size {buffer.Size}"));
        }

        // A loop re-reading the same bytes crosses a row with the same band many times: one is enough.
        foreach (var refetch in refetches.Where(r => r.Buffer == lane.Name && r.First <= index && index <= r.Again).DistinctBy(r => (r.Offset, r.Length)))
        {
            Mark(html, "refetch", lane.Style(refetch.Offset, refetch.Length),
                $"{refetch.From}, {Bytes(refetch.Length)}: read by #{Number(refetch.First)}, read again by #{Number(refetch.Again)}");
        }
    }

    /// <summary>An absolutely placed mark over a bar; nothing when it falls outside the bar.</summary>
    private static void Mark(HtmlOutput html, string css, string? style, string title)
    {
        if (style is not null)
        {
            html.StartTag("span", css).Attribute("style", style).Attribute("title", title).FinishTag().Close("span");
        }
    }

    /// <summary>Why a touch ending at <paramref name="end"/> is outside the buffer, or null when it is inside.</summary>
    private static string? PastEnd(BufferSpec buffer, ulong end) =>
        end > buffer.Size ? Say($"past its {buffer.Size} bytes")
        : end > buffer.DeclaredLength ? Say($"past the declared length {buffer.DeclaredLength}")
        : null;

    /// <summary>The row's part in any double fetch, in words; a read fetched again many times (a loop) names the first few.</summary>
    private static string Note(int index, IReadOnlyList<Refetch> refetches)
    {
        var parts = refetches.Where(r => r.Again == index)
            .Select(r => $"reads {r.From} ({Bytes(r.Length)}) again, first read by #{Number(r.First)}").ToList();
        var later = refetches.Where(r => r.First == index).Select(r => "#" + Number(r.Again)).ToList();
        if (later.Count > 0)
        {
            parts.Add("read again by " + string.Join(", ", later.Take(NamedRereads))
                + (later.Count > NamedRereads ? Say($" and {later.Count - NamedRereads} more") : ""));
        }

        return string.Join("; ", parts);
    }

    private static string Kind(UserAccess access) =>
        $"{(access.IsWrite ? "write" : "read")} of {Bytes(access.Size)}, "
        + (access.Probed ? "probed" : "not probed") + ", " + (access.InTry ? "inside __try" : "outside __try");

    /// <summary>"neither.c:444 SampleRecordsCaptureHeader": the line first, as the findings and a debugger name it.</summary>
    private static string Source(CodeLocation? code) => code switch
    {
        null => "not the driver's code",
        { File: { } file, Line: { } line } => Say($"{Path.GetFileName(file)}:{line} {code.Function}").TrimEnd(),
        _ => code.ToString(),
    };

    /// <summary>The touch number a reader sees: the first is #1.</summary>
    private static string Number(int index) => (index + 1).ToString(CultureInfo.InvariantCulture);

    private static string Bytes(ulong count) => count == 1 ? "1 byte" : Say($"{count} bytes");

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
