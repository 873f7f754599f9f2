using System.Globalization;
using System.Text;
using Conformance.Targets;

namespace Conformance.Reports;

/// <summary>
/// Renders a <see cref="HexDiff"/> as before/after hex columns, 16 bytes a row, changed bytes in &lt;b&gt;.
/// Unchanged bytes are plain text, not one element each, so large reports stay small.
/// </summary>
internal static class HtmlHexDiff
{
    /// <param name="html">Where to write.</param>
    /// <param name="name">Input or Output.</param>
    /// <param name="spec">The buffer as the scenario asked for it.</param>
    /// <param name="before">Its bytes when the call was made (with the values the target wrote for its pointers).</param>
    /// <param name="after">Its bytes after the call, or null when they could not be read back.</param>
    public static void Write(HtmlOutput html, string name, BufferSpec spec, byte[] before, byte[]? after)
    {
        var diff = HexDiff.Of(before, after);
        html.Open("p").Element("strong", name).Raw(" ").Text(Caption(diff, spec)).Close("p");
        if (diff.Length == 0)
        {
            return;
        }

        html.Open("table", "hex").HeaderRow("Offset", "Before", after is null ? "" : "After");
        int previous = -HexDiff.RowWidth;
        foreach (int offset in diff.VisibleRows())
        {
            if (offset != previous + HexDiff.RowWidth)
            {
                Gap(html, diff, previous + HexDiff.RowWidth, offset);
            }

            html.Open("tr").Element("td", offset.ToString("X4", CultureInfo.InvariantCulture), "off");
            Cells(html, diff, diff.Before, offset);
            Cells(html, diff, after, offset);
            html.Close("tr");
            previous = offset;
        }

        int shownEnd = (diff.Shown + HexDiff.RowWidth - 1) / HexDiff.RowWidth * HexDiff.RowWidth;
        if (previous + HexDiff.RowWidth < shownEnd)
        {
            Gap(html, diff, previous + HexDiff.RowWidth, shownEnd);
        }

        html.Close("table");
    }

    private static string Caption(HexDiff diff, BufferSpec spec)
    {
        var text = new StringBuilder();
        var invariant = CultureInfo.InvariantCulture;
        text.Append(invariant, $"({ReportNames.State(spec.State)}, {diff.Length} bytes)");
        if (diff.After is null)
        {
            text.Append(": not read back after the call; showing the bytes before it");
        }
        else if (diff.ChangedTotal == 0)
        {
            text.Append(": no byte changed");
        }
        else
        {
            text.Append(invariant, $": {diff.ChangedTotal} bytes changed, the first at offset 0x{diff.FirstChange:X}");
        }

        if (diff.Truncated)
        {
            text.Append(invariant, $"; showing the first {diff.Shown} of {diff.Length} bytes");
        }

        return text.ToString();
    }

    /// <summary>A marker for collapsed rows, so offsets never silently jump.</summary>
    private static void Gap(HtmlOutput html, HexDiff diff, int from, int to) =>
        html.StartTag("tr", "gap").FinishTag().Element("td", "")
            .StartTag("td").Attribute("colspan", "2").FinishTag()
            .Text(string.Create(CultureInfo.InvariantCulture,
                $"0x{from:X4}..0x{Math.Min(to, diff.Shown) - 1:X4} {(diff.After is null ? "not shown" : "unchanged, not shown")}"))
            .Close("td").Close("tr");

    private static void Cells(HtmlOutput html, HexDiff diff, byte[]? bytes, int offset)
    {
        html.Open("td");
        if (bytes is null)
        {
            html.Close("td");
            return;
        }

        int end = Math.Min(offset + HexDiff.RowWidth, diff.Shown);
        var plain = new StringBuilder(HexDiff.RowWidth * 3);
        for (int i = offset; i < end; i++)
        {
            var text = HexDiff.At(bytes, i) is { } b ? b.ToString("X2", CultureInfo.InvariantCulture) : "--";
            if (diff.Changed(i))
            {
                html.Text(plain.ToString());
                plain.Clear();
                html.Element("b", text);
            }
            else
            {
                plain.Append(text);
            }

            if (i + 1 < end)
            {
                plain.Append(' ');
            }
        }

        html.Text(plain.ToString()).Close("td");
    }
}
