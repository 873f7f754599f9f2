using System.Diagnostics;
using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>Cases per second of the whole engine for a catalog, against the target's own time for the same calls.</summary>
/// <param name="Cases">Cases in the catalog (after the filter).</param>
/// <param name="EngineSeconds">Load and expand the catalog, fire and judge every case, write every report.</param>
/// <param name="TargetSeconds">Fire the same calls at a started target in batches, nothing else.</param>
/// <param name="Phases">Where the median engine round spent its time.</param>
/// <param name="ColdSeconds">The first engine round of the process (JIT included), for comparison.</param>
public sealed record EngineBenchResult(int Cases, double EngineSeconds, double TargetSeconds, EnginePhases Phases, double ColdSeconds)
{
    /// <summary>Catalog cases per second through the engine.</summary>
    public double EngineCasesPerSecond => Cases / EngineSeconds;

    /// <summary>Engine time / target time - 1: what the engine adds on top of the target.</summary>
    public double EngineOverhead => (EngineSeconds / TargetSeconds) - 1;
}

/// <summary>The engine's time split by phase, so a regression points at its phase.</summary>
/// <param name="LoadSeconds">Load, validate and expand the catalog.</param>
/// <param name="RunSeconds">Fire every case, collect events and judge (the target's time is inside).</param>
/// <param name="ReportSeconds">Write every report and the reproducers.</param>
public sealed record EnginePhases(double LoadSeconds, double RunSeconds, double ReportSeconds)
{
    /// <summary>The whole engine round.</summary>
    public double TotalSeconds => LoadSeconds + RunSeconds + ReportSeconds;
}

/// <summary>
/// Measures the engine on the catalog. Both sides start their target before the clock runs (starting
/// SimHost is a one-off that would swamp a small catalog); the engine side includes loading and
/// expanding the scenarios, the run loop, judging, the journal and writing all four reports.
/// Raced cases are left out on both sides: their time is the racer thread's scheduling, not the
/// engine's work, and it swamps the difference on a 2-core machine.
/// The number is the engine's steady state, as the target's ceiling is: most engine methods run once
/// per run, and .NET's tiered JIT only replaces a method's quick first code with optimised code after
/// 30 calls (TieredCompilation_Tier1CallCountThreshold, dotnet/coreclr src/inc/clrconfigvalues.h), so
/// a few warm-up rounds would time the JIT, not the engine. The first engine round is kept and
/// reported as the cold time, which is what a one-off `conformance run` pays on top.
/// </summary>
public static class EngineBench
{
    /// <summary>Untimed rounds: past the tier-1 call count for methods called once per run.</summary>
    public const int WarmupRounds = 32;

    /// <summary>
    /// Timed rounds; each side counts with its median. A round is ~20 ms on a shared 2-core machine, where
    /// one stray stall on either side moves a best-of or a mean by a third; the median does not follow it.
    /// </summary>
    public const int MeasuredRounds = 11;

    /// <summary>Measure; <paramref name="settings"/>' results root receives the engine runs' reports.</summary>
    public static async Task<EngineBenchResult> RunAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        // Event capture is issue 4's cost and has its own measurement (CaptureBench); this one is the engine's.
        settings = settings with { CaptureEvents = false };
        int cases = 0;
        double cold = 0;
        var engines = new List<EnginePhases>(MeasuredRounds);
        var targets = new List<double>(MeasuredRounds);
        for (int round = 0; round < WarmupRounds + MeasuredRounds; round++)
        {
            double target = await TargetOnlyAsync(settings, cancellationToken).ConfigureAwait(false);
            (var engine, cases) = await CatalogRunClock.UnracedAsync(settings, cancellationToken).ConfigureAwait(false);
            if (round == 0)
            {
                cold = engine.TotalSeconds;
            }

            if (round >= WarmupRounds)
            {
                targets.Add(target);
                engines.Add(engine);
            }
        }

        // An odd count: the median is one real round, whose phases are shown with it.
        var medianEngine = engines.OrderBy(e => e.TotalSeconds).ElementAt(MeasuredRounds / 2);
        double medianTarget = targets.Order().ElementAt(MeasuredRounds / 2);
        return new EngineBenchResult(cases, medianEngine.TotalSeconds, medianTarget, medianEngine, cold);
    }

    private static async Task<double> TargetOnlyAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var loaded = settings.LoadCatalog();
        var selected = CatalogRunClock.Unraced(settings.Select(loaded.Value ?? throw new CatalogLoadException(loaded.Errors)));
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
