namespace Conformance.Reports;

/// <summary>
/// A byte-by-byte comparison of a buffer before and after a call, cut to a prefix so a 16 MiB buffer does not
/// make a 16 MiB page. Counts changes over the whole buffer so a cut never hides that something changed.
/// </summary>
internal sealed class HexDiff
{
    /// <summary>Bytes per row, as debuggers dump memory.</summary>
    public const int RowWidth = 16;

    /// <summary>Most bytes shown per buffer.</summary>
    public const int ShownLimit = 512;

    private HexDiff(byte[] before, byte[]? after)
    {
        Before = before;
        After = after;
        int length = Math.Max(before.Length, after?.Length ?? 0);
        Length = length;
        Shown = Math.Min(length, ShownLimit);
        if (after is not null)
        {
            for (int i = 0; i < length; i++)
            {
                if (Changed(i))
                {
                    ChangedTotal++;
                    FirstChange ??= i;
                }
            }
        }
    }

    /// <summary>Bytes before the call.</summary>
    public byte[] Before { get; }

    /// <summary>Bytes after the call, or null when they could not be read back.</summary>
    public byte[]? After { get; }

    /// <summary>Bytes of the longer side.</summary>
    public int Length { get; }

    /// <summary>Bytes shown (at most <see cref="ShownLimit"/>).</summary>
    public int Shown { get; }

    /// <summary>Changed bytes in the whole buffer, shown or not.</summary>
    public int ChangedTotal { get; }

    /// <summary>Offset of the first changed byte, or null.</summary>
    public int? FirstChange { get; }

    /// <summary>Whether the view was cut.</summary>
    public bool Truncated => Shown < Length;

    /// <summary>Compare <paramref name="before"/> with <paramref name="after"/>.</summary>
    public static HexDiff Of(byte[] before, byte[]? after) => new(before, after);

    /// <summary>A byte of one side, or null past its end.</summary>
    public static byte? At(byte[]? bytes, int index) => bytes is not null && index < bytes.Length ? bytes[index] : null;

    /// <summary>Whether byte <paramref name="index"/> differs (a byte present on one side only counts as changed).</summary>
    public bool Changed(int index) => After is not null && At(Before, index) != At(After, index);

    /// <summary>Whether any byte of the row starting at <paramref name="offset"/> changed.</summary>
    public bool RowChanged(int offset)
    {
        int end = Math.Min(offset + RowWidth, Shown);
        for (int i = offset; i < end; i++)
        {
            if (Changed(i))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Row offsets worth showing. Short buffers show whole; longer ones show their head (where headers live)
    /// and every changed row with one row around it, and the rest collapse, so thousands of cases stay a
    /// readable page.
    /// </summary>
    public IReadOnlyList<int> VisibleRows(int headRows = 2, int showWholeUpTo = 8)
    {
        int rows = (Shown + RowWidth - 1) / RowWidth;
        var visible = new bool[rows];
        for (int row = 0; row < rows; row++)
        {
            if (rows <= showWholeUpTo || row < headRows)
            {
                visible[row] = true;
            }

            if (RowChanged(row * RowWidth))
            {
                for (int near = Math.Max(0, row - 1); near <= Math.Min(rows - 1, row + 1); near++)
                {
                    visible[near] = true;
                }
            }
        }

        return [.. Enumerable.Range(0, rows).Where(r => visible[r]).Select(r => r * RowWidth)];
    }
}
