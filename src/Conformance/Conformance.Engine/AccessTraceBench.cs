namespace Conformance.Engine;

/// <summary>What the access trace adds to the catalog: the median round, by its ratio.</summary>
/// <param name="TracedSeconds">That round's time with the access trace on.</param>
/// <param name="UntracedSeconds">The same round's time with it off.</param>
public sealed record AccessTraceBenchResult(double TracedSeconds, double UntracedSeconds)
{
    /// <summary>Traced time / untraced time - 1 (issue 13's target: at most 1.0).</summary>
    public double TraceOverhead => (TracedSeconds / UntracedSeconds) - 1;
}

/// <summary>
/// Measures the access trace on the catalog, on against off. The reference driver is the same instrumented
/// build on both sides (its shim is called before every load and store either way and returns at once when
/// the trace is off), so the ratio is the cost of recording the touches, sending them to the engine,
/// symbolizing and judging them; not the cost of the instrumentation, which an uninstrumented build would
/// save on the "off" side too. Event capture is off on both sides so that only the trace differs (capture has
/// its own measurement, <see cref="CaptureBench"/>).
/// The span timed is the engine's (<see cref="CatalogRunClock.UnracedAsync"/>: load, fire and judge the unraced
/// cases, write the reports; the SimHost started before the clock): the trace changes nothing in starting
/// SimHost, and the raced cases' run-to-run spread (0.4-2 s on a 2-core machine, the racer thread's
/// scheduling) is tens of times what the trace costs the whole catalog, so with either on the clock the ratio
/// would be noise.
/// </summary>
public static class AccessTraceBench
{
    /// <summary>
    /// Untimed rounds. The bench runs after <see cref="EngineBench"/>, whose rounds run with the trace on and have
    /// already had the JIT optimise its code; this round is the page cache and the first start of each kind.
    /// </summary>
    public const int WarmupRounds = 1;

    /// <summary>
    /// Timed rounds. A side is ~0.05 s on a 2-core machine, and on a busy one another process's burst can
    /// double or halve a single round's ratio; the median round does not follow those. With 11 rounds the
    /// median still moved by 0.3 from one bench to the next on a loaded machine, hence 21 (~12 s, most of it
    /// SimHost starts off the clock). Odd, so the median is one real round.
    /// </summary>
    public const int MeasuredRounds = 21;

    /// <summary>Measure; <paramref name="settings"/>' results root receives the runs' reports.</summary>
    public static async Task<AccessTraceBenchResult> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var untraced = settings with { CaptureEvents = false, AccessTrace = false };
        var rounds = await CatalogRunTimer.InterleavedAsync(
            CatalogRunClock.UnracedSecondsAsync, untraced with { AccessTrace = true }, untraced, WarmupRounds, MeasuredRounds, cancellationToken).ConfigureAwait(false);

        // The ratio is taken within a round (the two runs back to back), not between the two sides' medians,
        // which could come from rounds run in different conditions.
        var median = rounds.OrderBy(r => r.FirstSeconds / r.SecondSeconds).ElementAt(MeasuredRounds / 2);
        return new AccessTraceBenchResult(median.FirstSeconds, median.SecondSeconds);
    }
}
