using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>Verdict counts of the cases that fall in one cell of a heatmap.</summary>
internal sealed class GridCell
{
    public int Total { get; private set; }

    public int Failed { get; private set; }

    public int Errors { get; private set; }

    public int Blocked { get; private set; }

    /// <summary>Index of the first case that did not pass, for the cell's link; -1 when every case passed.</summary>
    public int FirstBad { get; private set; } = -1;

    public void Add(CaseResult result, int index)
    {
        Total++;
        switch (result.Verdict)
        {
            case CaseVerdict.Fail: Failed++; break;
            case CaseVerdict.Error: Errors++; break;
            case CaseVerdict.Blocked: Blocked++; break;
            default: return;
        }

        if (FirstBad < 0)
        {
            FirstBad = index;
        }
    }
}

/// <summary>
/// Verdicts laid out over two dimensions of the cases (an IOCTL's input × output buffer state, or a scenario's
/// own vary: axes), so a pattern such as "input no_access or decommitted, output read_write or guard_tail" is one
/// red block instead of scattered table rows.
/// </summary>
internal sealed class VerdictGrid
{
    /// <summary>Beyond this many rows or columns a grid stops being a picture; the report says so instead.</summary>
    public const int MaxSide = 48;

    private readonly Dictionary<(string Row, string Column), GridCell> cells = [];

    private VerdictGrid(string key, string title, string rowAxis, string columnAxis)
    {
        Key = key;
        Title = title;
        RowAxis = rowAxis;
        ColumnAxis = columnAxis;
    }

    /// <summary>A stable name of the grid (ioctl:NAME or scenario:ID), for anchors and tests.</summary>
    public string Key { get; }

    public string Title { get; }

    public string RowAxis { get; }

    public string ColumnAxis { get; }

    /// <summary>Row labels, in the order first seen (catalog order).</summary>
    public List<string> Rows { get; } = [];

    /// <summary>Column labels, in the order first seen.</summary>
    public List<string> Columns { get; } = [];

    /// <summary>Whether any case in the grid did not pass.</summary>
    public bool AnyBad => cells.Values.Any(c => c.FirstBad >= 0);

    /// <summary>Whether the grid fits on a screen as a picture.</summary>
    public bool Drawable => Rows.Count <= MaxSide && Columns.Count <= MaxSide;

    /// <summary>The counts of a cell, or null where no case fell.</summary>
    public GridCell? Cell(string row, string column) => cells.GetValueOrDefault((row, column));

    /// <summary>One grid per IOCTL: input buffer state (rows) × output buffer state (columns).</summary>
    public static IReadOnlyList<VerdictGrid> PerIoctl(IReadOnlyList<CaseResult> results)
    {
        var grids = new Dictionary<string, VerdictGrid>(StringComparer.Ordinal);
        for (int index = 0; index < results.Count; index++)
        {
            var result = results[index];
            string ioctl = result.Case.Ioctl.Name;
            if (!grids.TryGetValue(ioctl, out var grid))
            {
                grid = grids[ioctl] = new VerdictGrid("ioctl:" + ioctl, ioctl, "input state", "output state");
            }

            var call = result.Case.Call;
            grid.Add(ReportNames.State(call.Input.State), ReportNames.State(call.Output.State), result, index);
        }

        return [.. grids.Values];
    }

    /// <summary>
    /// One grid per scenario that varies something: its first axis (rows) × the combinations of the others
    /// (columns, or a single column when it has one axis). Repetitions of a case share its cell.
    /// </summary>
    public static IReadOnlyList<VerdictGrid> PerScenario(IReadOnlyList<CaseResult> results)
    {
        var grids = new Dictionary<string, VerdictGrid>(StringComparer.Ordinal);
        for (int index = 0; index < results.Count; index++)
        {
            var result = results[index];
            var provenance = result.Case.Provenance;
            if (provenance.Axes.Count == 0)
            {
                continue;
            }

            if (!grids.TryGetValue(provenance.ScenarioId, out var grid))
            {
                string columns = provenance.Axes.Count == 1 ? "" : string.Join(" × ", provenance.Axes.Skip(1).Select(a => a.Path));
                grid = grids[provenance.ScenarioId] = new VerdictGrid("scenario:" + provenance.ScenarioId, provenance.ScenarioId, provenance.Axes[0].Path, columns);
            }

            string column = provenance.Axes.Count == 1 ? "all" : string.Join(", ", provenance.Axes.Skip(1).Select(a => a.Value));
            grid.Add(provenance.Axes[0].Value, column, result, index);
        }

        return [.. grids.Values];
    }

    private void Add(string row, string column, CaseResult result, int index)
    {
        if (!cells.TryGetValue((row, column), out var cell))
        {
            cell = cells[(row, column)] = new GridCell();
            if (!Rows.Contains(row))
            {
                Rows.Add(row);
            }

            if (!Columns.Contains(column))
            {
                Columns.Add(column);
            }
        }

        cell.Add(result, index);
    }
}
