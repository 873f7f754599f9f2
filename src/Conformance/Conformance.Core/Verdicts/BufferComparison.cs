namespace Conformance.Verdicts;

/// <summary>Byte-level checks of a user buffer before and after a call.</summary>
public static class BufferComparison
{
    /// <summary>Index of the first byte at or after <paramref name="from"/> that changed, or -1; bytes in <paramref name="ignored"/> (from the start) do not count.</summary>
    public static int FirstChangeFrom(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, int from, Range ignored = default)
    {
        int length = Math.Min(before.Length, after.Length);
        var (skipFrom, skipLength) = ignored.GetOffsetAndLength(int.MaxValue);
        for (int i = Math.Max(0, from); i < length; i++)
        {
            if (i >= skipFrom && i < skipFrom + skipLength)
            {
                continue;
            }

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

    /// <summary>Every 8-byte window of the cyclic kernel secret, forward and reversed (drivers copy or reverse).</summary>
    public static HashSet<ulong> SecretWindows(ReadOnlySpan<byte> secret)
    {
        var windows = new HashSet<ulong>();
        if (secret.Length < SecretWindow)
        {
            return windows;
        }

        for (int start = 0; start < secret.Length; start++)
        {
            ulong forward = 0;
            ulong reversed = 0;
            for (int k = 0; k < SecretWindow; k++)
            {
                forward = (forward << 8) | secret[(start + k) % secret.Length];
                reversed = (reversed << 8) | secret[(start + SecretWindow - 1 - k) % secret.Length];
            }

            windows.Add(forward);
            windows.Add(reversed);
        }

        return windows;
    }

    /// <summary>
    /// Offset of the first 8-byte window of <paramref name="after"/> that is a window of the kernel
    /// secret (see <see cref="SecretWindows"/>) and was not there before; or -1.
    /// </summary>
    public static int FindSecret(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, HashSet<ulong> secretWindows)
    {
        if (secretWindows.Count == 0 || after.Length < SecretWindow)
        {
            return -1;
        }

        for (int i = 0; i + SecretWindow <= after.Length; i++)
        {
            if (i + SecretWindow <= before.Length && after.Slice(i, SecretWindow).SequenceEqual(before.Slice(i, SecretWindow)))
            {
                continue;
            }

            ulong value = 0;
            for (int k = 0; k < SecretWindow; k++)
            {
                value = (value << 8) | after[i + k];
            }

            if (secretWindows.Contains(value))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Convenience for one-off checks: <see cref="FindSecret(ReadOnlySpan{byte}, ReadOnlySpan{byte}, HashSet{ulong})"/>.</summary>
    public static int FindSecret(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after, ReadOnlySpan<byte> secret) =>
        FindSecret(before, after, SecretWindows(secret));

    private const int SecretWindow = 8;
}
