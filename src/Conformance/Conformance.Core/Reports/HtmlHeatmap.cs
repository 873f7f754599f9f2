using System.Globalization;

namespace Conformance.Reports;

/// <summary>
/// Draws a <see cref="VerdictGrid"/> as inline SVG: one square per cell, green when every case passed and
/// red in proportion to the share that failed (amber for errors, grey for blocked), "failed/total" inside, a
/// tooltip with the counts, and a link to the first case that did not pass. No script, no external assets:
/// the picture survives a mail attachment and a browser with JavaScript off.
/// </summary>
internal static class HtmlHeatmap
{
    private const int CellWidth = 52;
    private const int CellHeight = 24;
    private const int CharWidth = 7; // of the 12px monospace labels: enough to size the margins
    private const int MaxLabel = 40;

    public static void Write(HtmlOutput html, VerdictGrid grid, Func<int, string> anchorOf)
    {
        var rows = grid.Rows.Select(Shorten).ToList();
        var columns = grid.Columns.Select(Shorten).ToList();
        int left = 12 + (CharWidth * Math.Max(grid.RowAxis.Length, rows.Max(r => r.Length)));
        // Column labels are drawn at 45 degrees: their height is their length over the square root of two.
        int top = 24 + (int)(CharWidth * columns.Max(c => c.Length) * 0.72);
        int width = left + (CellWidth * columns.Count) + 40;
        int height = top + (CellHeight * rows.Count) + 8;

        html.StartTag("figure", "heatmap", "heatmap-" + Slug(grid.Key)).Attribute("data-heatmap", grid.Key).FinishTag()
            .Open("figcaption").Element("strong", grid.Title, "mono").Raw(" ")
            .Element("span", grid.ColumnAxis.Length == 0 ? $"rows: {grid.RowAxis}" : $"rows: {grid.RowAxis}; columns: {grid.ColumnAxis}", "muted")
            .Close("figcaption");
        html.StartTag("svg").Attribute("xmlns", "http://www.w3.org/2000/svg").Attribute("role", "img")
            .Attribute("width", Number(width)).Attribute("height", Number(height))
            .Attribute("viewBox", $"0 0 {Number(width)} {Number(height)}")
            .Attribute("aria-label", $"verdicts of {grid.Title} by {grid.RowAxis}" + (grid.ColumnAxis.Length == 0 ? "" : $" and {grid.ColumnAxis}"))
            .FinishTag();

        // The row axis name sits above the row labels, the column labels above their columns.
        Label(html, 4, top - 6, grid.RowAxis, "axis");
        for (int c = 0; c < columns.Count; c++)
        {
            int x = left + (c * CellWidth) + (CellWidth / 2);
            html.StartTag("text", "col").Attribute("x", Number(x)).Attribute("y", Number(top - 6))
                .Attribute("transform", $"rotate(-45 {Number(x)} {Number(top - 6)})").FinishTag().Text(columns[c]).Close("text");
        }

        for (int r = 0; r < rows.Count; r++)
        {
            int y = top + (r * CellHeight);
            Label(html, 4, y + 16, rows[r], "row");
            for (int c = 0; c < columns.Count; c++)
            {
                if (grid.Cell(grid.Rows[r], grid.Columns[c]) is { } cell)
                {
                    Cell(html, left + (c * CellWidth), y, cell, $"{grid.RowAxis}={grid.Rows[r]}" + (grid.ColumnAxis.Length == 0 ? "" : $", {grid.Columns[c]}"), anchorOf);
                }
            }
        }

        html.Close("svg").Close("figure").Line();
    }

    private static void Cell(HtmlOutput html, int x, int y, GridCell cell, string where, Func<int, string> anchorOf)
    {
        var (css, fill, ink) = Colour(cell);
        int passed = cell.Total - cell.Failed - cell.Errors - cell.Blocked;
        string tooltip = string.Create(CultureInfo.InvariantCulture,
            $"{where}: {cell.Total} cases, {passed} passed, {cell.Failed} failed, {cell.Errors} errors, {cell.Blocked} blocked");
        if (cell.FirstBad >= 0)
        {
            html.StartTag("a").Attribute("href", "#" + anchorOf(cell.FirstBad)).FinishTag();
        }

        html.StartTag("rect", "cell " + css).Attribute("x", Number(x + 1)).Attribute("y", Number(y + 1))
            .Attribute("width", Number(CellWidth - 2)).Attribute("height", Number(CellHeight - 2)).Attribute("rx", "3")
            .Attribute("fill", fill)
            .Attribute("data-total", Number(cell.Total)).Attribute("data-failed", Number(cell.Failed))
            .Attribute("data-errors", Number(cell.Errors)).Attribute("data-blocked", Number(cell.Blocked))
            .FinishTag().Element("title", tooltip).Close("rect");
        html.StartTag("text", "n").Attribute("x", Number(x + (CellWidth / 2))).Attribute("y", Number(y + 16))
            .Attribute("text-anchor", "middle").Attribute("fill", ink).FinishTag()
            .Text(cell.FirstBad < 0 ? Number(cell.Total) : Number(cell.Total - passed) + "/" + Number(cell.Total)).Close("text");
        if (cell.FirstBad >= 0)
        {
            html.Close("a");
        }
    }

    /// <summary>The cell's class and colour: the share of failures sets the red's strength, so 1 of 400 is pale and 400 of 400 is dark.</summary>
    private static (string Css, string Fill, string Ink) Colour(GridCell cell)
    {
        if (cell.Failed > 0)
        {
            double share = cell.Failed / (double)cell.Total;
            // From a light red at any failure to full red: a single failure must still stand out from green.
            int lightness = (int)Math.Round(88 - (40 * share));
            return ("fail", string.Create(CultureInfo.InvariantCulture, $"hsl(355, 75%, {lightness}%)"), lightness < 66 ? "#ffffff" : "#1b1f24");
        }

        if (cell.Errors > 0)
        {
            return ("error", "#f2cc60", "#1b1f24");
        }

        return cell.Blocked > 0 ? ("blocked", "#d0d7de", "#1b1f24") : ("pass", "#aceebb", "#1b1f24");
    }

    private static void Label(HtmlOutput html, int x, int y, string text, string css) =>
        html.StartTag("text", css).Attribute("x", Number(x)).Attribute("y", Number(y)).FinishTag().Text(text).Close("text");

    private static string Shorten(string label) => label.Length <= MaxLabel ? label : label[..(MaxLabel - 1)] + "…";

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An id-safe form of a grid key.</summary>
    internal static string Slug(string key) =>
        new([.. key.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
}
