namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// Every edge the loop has seen, with the hit-count classes seen for it (AFL's buckets: 1, 2, 3, 4-7, 8-15, 16-31,
/// 32-127, 128+): an exec is new when one of its edges shows a class no earlier exec showed, so a loop that runs once
/// more counts as new, a loop that runs 1000 times more than 255 does not.
/// </summary>
internal sealed class EdgeMap
{
    /// <summary>SIM_EDGE_MAP_SIZE.</summary>
    public const int Slots = 65536;

    private readonly byte[] _seen = new byte[Slots];

    /// <summary>Distinct slots seen.</summary>
    public uint Count { get; private set; }

    /// <summary>Merge one exec's edges; true when it brought something new.</summary>
    public bool Merge(ReadOnlySpan<ushort> slots, ReadOnlySpan<byte> hits)
    {
        bool fresh = false;
        for (int i = 0; i < slots.Length; i++)
        {
            byte bucket = Bucket(hits[i]);
            byte before = _seen[slots[i]];
            if ((before & bucket) == 0)
            {
                if (before == 0)
                {
                    Count++;
                }

                _seen[slots[i]] = (byte)(before | bucket);
                fresh = true;
            }
        }

        return fresh;
    }

    private static byte Bucket(byte hits) => hits switch
    {
        0 => 0,
        1 => 1,
        2 => 2,
        3 => 4,
        <= 7 => 8,
        <= 15 => 16,
        <= 31 => 32,
        <= 127 => 64,
        _ => 128,
    };
}
