using System.Globalization;
using Conformance.Targets;

namespace Conformance.Reports;

/// <summary>
/// A few lines of the driver's source around the line a bugcheck names (from the driver's debug information),
/// the crashing line marked: what a driver engineer opens first. Nothing when the file is not on this machine.
/// </summary>
internal static class HtmlSourceExcerpt
{
    private const int Around = 3;

    public static void Write(HtmlOutput html, CodeLocation? location)
    {
        if (location is not { File: { } file, Line: { } line } || !File.Exists(file))
        {
            return;
        }

        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (IOException)
        {
            return;
        }

        if (line < 1 || line > lines.Length)
        {
            return;
        }

        int first = Math.Max(1, line - Around);
        int last = Math.Min(lines.Length, line + Around);
        html.Open("table", "source").Element("caption", file, "mono");
        for (int number = first; number <= last; number++)
        {
            html.Open("tr", number == line ? "crash" : null)
                .Element("td", number.ToString(CultureInfo.InvariantCulture), "mono muted")
                .Element("td", lines[number - 1], "mono")
                .Close("tr");
        }

        html.Close("table");
    }
}
