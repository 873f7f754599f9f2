using System.Diagnostics;
using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>Cases per second of the whole engine for a catalog, against the target's own time for the same calls.</summary>
/// <param name="Cases">Cases in the catalog (after the filter).</param>
/// <param name="EngineSeconds">Load and expand the catalog, fire and judge every case, write every report.</param>
/// <param name="TargetSeconds">Fire the same calls at a started target in batches, nothing else.</param>
public sealed record EngineBenchResult(int Cases, double EngineSeconds, double TargetSeconds)
{
    /// <summary>Catalog cases per second through the engine.</summary>
    public double EngineCasesPerSecond => Cases / EngineSeconds;

    /// <summary>Engine time / target time - 1: what the engine adds on top of the target.</summary>
    public double EngineOverhead => (EngineSeconds / TargetSeconds) - 1;
}

/// <summary>
/// Measures the engine on the catalog. Both sides start their target before the clock runs (starting
/// SimHost is a one-off that would swamp a small catalog); the engine side includes loading and
/// expanding the scenarios, the run loop, judging, the journal and writing all four reports.
/// Raced cases are left out on both sides: their time is the racer thread's scheduling, not the
/// engine's work, and it swamps the difference on a 2-core machine. One untimed round warms both
/// paths up (JIT), then the best of three alternating rounds counts for each side.
/// </summary>
public static class EngineBench
{
    private const int Rounds = 3;

    /// <summary>Measure; <paramref name="settings"/>' results root receives the engine runs' reports.</summary>
    public static async Task<EngineBenchResult> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        // Event capture is issue 4's cost and has its own measurement (CaptureBench); this one is the engine's.
        settings = settings with { CaptureEvents = false };
        int cases = 0;
        double bestEngine = double.MaxValue;
        double bestTarget = double.MaxValue;
        for (int round = 0; round <= Rounds; round++)
        {
            double target = await TargetOnlyAsync(settings, cancellationToken).ConfigureAwait(false);
            (double engine, cases) = await EngineAsync(settings, cancellationToken).ConfigureAwait(false);
            if (round > 0)
            {
                bestTarget = Math.Min(bestTarget, target);
                bestEngine = Math.Min(bestEngine, engine);
            }
        }

        return new EngineBenchResult(cases, bestEngine, bestTarget);
    }

    private static async Task<(double Seconds, int Cases)> EngineAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var load = Stopwatch.StartNew();
        await using var run = ConformanceRun.Open(settings);
        load.Stop();
        await run.StartTargetsAsync(cancellationToken).ConfigureAwait(false);
        var cases = Unraced(run.SelectedCases);
        var fire = Stopwatch.StartNew();
        await run.RunAsync(cases, null, cancellationToken).ConfigureAwait(false);
        run.Complete();
        fire.Stop();
        return (load.Elapsed.TotalSeconds + fire.Elapsed.TotalSeconds, cases.Count);
    }

    private static List<Scenarios.ScenarioCase> Unraced(IReadOnlyList<Scenarios.ScenarioCase> cases) =>
        cases.Where(c => c.Call.Racer.Kind == RacerKind.None).ToList();

    private static async Task<double> TargetOnlyAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var loaded = settings.LoadCatalog();
        var selected = Unraced(settings.Select(loaded.Value ?? throw new CatalogLoadException(loaded.Errors)));
        var elapsed = TimeSpan.Zero;
        foreach (var device in selected.GroupBy(c => c.Device.Name))
        {
            await using var target = TargetFactory.Create(settings, device.First().Device);
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            var calls = device.Select(c => c.Call).ToList();
            var clock = Stopwatch.StartNew();
            for (int next = 0; next < calls.Count;)
            {
                var outcomes = await target.ExecuteAsync(calls.Skip(next).Take(RunOptions.DefaultBatchSize).ToList(), cancellationToken).ConfigureAwait(false);
                next += outcomes.Count;
                if (outcomes[^1].End != CallEnd.Completed)
                {
                    await target.RestartAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            elapsed += clock.Elapsed;
        }

        return elapsed.TotalSeconds;
    }
}
