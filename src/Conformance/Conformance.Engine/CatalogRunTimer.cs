namespace Conformance.Engine;

/// <summary>One measured round of <see cref="CatalogRunTimer"/>: the same catalog run two ways, back to back.</summary>
/// <param name="FirstSeconds">Time of the run with the first settings.</param>
/// <param name="SecondSeconds">Time of the run with the second settings.</param>
internal sealed record CatalogRunPair(double FirstSeconds, double SecondSeconds);

/// <summary>
/// Times catalog runs two ways to see what one setting costs (event capture, the access trace).
/// The two ways are interleaved round by round, so a slow spell of a shared machine lands on both sides
/// instead of on whichever side was measured during it, and the order within a round alternates, so
/// neither side always runs on the caches the other just warmed.
/// </summary>
internal static class CatalogRunTimer
{
    /// <summary>
    /// Run <paramref name="warmupRounds"/> untimed rounds (first SimHost start, page cache, JIT), then
    /// <paramref name="measuredRounds"/> rounds, each timing one run with <paramref name="first"/> and one with
    /// <paramref name="second"/> by <paramref name="timeRun"/> (a <see cref="CatalogRunClock"/> span).
    /// </summary>
    public static async Task<IReadOnlyList<CatalogRunPair>> InterleavedAsync(
        Func<RunSettings, CancellationToken, Task<double>> timeRun,
        RunSettings first,
        RunSettings second,
        int warmupRounds,
        int measuredRounds,
        CancellationToken cancellationToken)
    {
        var pairs = new List<CatalogRunPair>(measuredRounds);
        for (int round = 0; round < warmupRounds + measuredRounds; round++)
        {
            double firstSeconds;
            double secondSeconds;
            if (round % 2 == 0)
            {
                firstSeconds = await timeRun(first, cancellationToken).ConfigureAwait(false);
                secondSeconds = await timeRun(second, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                secondSeconds = await timeRun(second, cancellationToken).ConfigureAwait(false);
                firstSeconds = await timeRun(first, cancellationToken).ConfigureAwait(false);
            }

            if (round >= warmupRounds)
            {
                pairs.Add(new CatalogRunPair(firstSeconds, secondSeconds));
            }
        }

        return pairs;
    }
}
