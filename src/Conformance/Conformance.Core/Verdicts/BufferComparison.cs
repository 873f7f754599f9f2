namespace Conformance.Verdicts;

/// <summary>Byte-level checks of a user buffer before and after a call.</summary>
public static class BufferComparison
{
    /// <summary>Index of the first byte at or after <paramref name="from"/> that changed, or -1.</summary>
    public static int FirstChangeFrom(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, int from)
    {
        int length = Math.Min(before.Length, after.Length);
        for (int i = Math.Max(0, from); i < length; i++)
        {
            if (before[i] != after[i])
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Offset of the first run of at least <paramref name="minimumRun"/> bytes that now hold
    /// <paramref name="poison"/> but did not before the call, or -1. A run, not a single byte, so a
    /// legitimate value that happens to equal the poison byte is not a leak.
    /// </summary>
    public static int FindNewPoisonRun(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, byte poison, int minimumRun = 4)
    {
        int length = Math.Min(before.Length, after.Length);
        int run = 0;
        for (int i = 0; i < length; i++)
        {
            run = after[i] == poison && before[i] != poison ? run + 1 : 0;
            if (run >= minimumRun)
            {
                return i - run + 1;
            }
        }

        return -1;
    }

    /// <summary>
    /// Offset of the first 8-byte window of <paramref name="after"/> that is a window of the
    /// cyclic kernel secret, forward or reversed (drivers copy or reverse), and was not there before; or -1.
    /// </summary>
    public static int FindSecret(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, ReadOnlySpan<byte> secret)
    {
        const int window = 8;
        if (secret.Length < window || after.Length < window)
        {
            return -1;
        }

        var windows = new HashSet<ulong>();
        for (int start = 0; start < secret.Length; start++)
        {
            ulong forward = 0;
            ulong reversed = 0;
            for (int k = 0; k < window; k++)
            {
                forward = (forward << 8) | secret[(start + k) % secret.Length];
                reversed = (reversed << 8) | secret[(start + window - 1 - k) % secret.Length];
            }

            windows.Add(forward);
            windows.Add(reversed);
        }

        for (int i = 0; i + window <= after.Length; i++)
        {
            if (i + window <= before.Length && after.Slice(i, window).SequenceEqual(before.Slice(i, window)))
            {
                continue;
            }

            ulong value = 0;
            for (int k = 0; k < window; k++)
            {
                value = (value << 8) | after[i + k];
            }

            if (windows.Contains(value))
            {
                return i;
            }
        }

        return -1;
    }
}
