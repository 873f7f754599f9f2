using System.Diagnostics;
using Conformance.Targets.Simulator;

namespace Conformance.Engine;

/// <summary>Event capture speed: events per second delivered with zero loss, and what capture adds to a catalog run.</summary>
/// <param name="EventsPerSecond">Events from the first emitted to the last delivered, per second.</param>
/// <param name="EventsLost">Events lost in that measurement (the rate counts only when this is 0).</param>
/// <param name="CaptureOverheadSeconds">Catalog run wall time with capture minus without (best of rounds each).</param>
public sealed record CaptureBenchResult(double EventsPerSecond, long EventsLost, double CaptureOverheadSeconds);

/// <summary>
/// Measures the EventPipe capture. The burst goes through SimHost's real republishing path (a manifest
/// EventSource written by the request thread) with a synthetic provider, so it measures the capture,
/// not how fast a driver can log.
/// </summary>
public static class CaptureBench
{
    private const string SyntheticProvider = "Conformance-SimHost-Synthetic";
    private const int WarmupRounds = 1;
    private const int Rounds = 3;

    /// <summary>Measure once with <paramref name="burst"/> events.</summary>
    public static async Task<CaptureBenchResult> RunAsync(RunSettings settings, ulong burst, CancellationToken cancellationToken)
    {
        var options = new SimulatorOptions { DriverPath = settings.ResolvedDriverPath, EventBufferMegabytes = settings.EventBufferMegabytes };
        options.EventProviders.Add(SyntheticProvider);
        await using var target = new SimulatorTarget(options);
        await target.StartAsync(cancellationToken).ConfigureAwait(false);
        await target.EmitSyntheticEventsAsync(10_000, cancellationToken).ConfigureAwait(false); // warm-up: JIT, first manifest
        await target.CollectEventsAsync(cancellationToken).ConfigureAwait(false);

        var clock = Stopwatch.StartNew();
        await target.EmitSyntheticEventsAsync(burst, cancellationToken).ConfigureAwait(false);
        var window = await target.CollectEventsAsync(cancellationToken).ConfigureAwait(false);
        double seconds = clock.Elapsed.TotalSeconds;
        long lost = window.LostEvents + Math.Max(0, (long)burst - window.Events.Count);

        // The whole run, target start included: capture attaches there.
        var rounds = await CatalogRunTimer.InterleavedAsync(
            CatalogRunClock.WholeSecondsAsync,
            settings with { CaptureEvents = true }, settings with { CaptureEvents = false }, WarmupRounds, Rounds, cancellationToken).ConfigureAwait(false);
        double with = rounds.Min(r => r.FirstSeconds);
        double without = rounds.Min(r => r.SecondSeconds);
        return new CaptureBenchResult(window.Events.Count / seconds, lost, with - without);
    }
}
