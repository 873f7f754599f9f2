using System.Diagnostics;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Engine;

/// <summary>
/// Times one catalog run, for the benches. Two spans: the whole run as `conformance run` does it, or only the
/// engine's work on the unraced cases (the target started before the clock). The second is what a setting
/// that changes each call's cost can be seen in: on a 2-core machine a whole run is ~0.1 s of SimHost start
/// and 0.4-2 s of raced cases (the racer thread's scheduling, varying fourfold from run to run) around
/// ~0.05 s of everything else.
/// </summary>
internal static class CatalogRunClock
{
    /// <summary>Wall time of the whole run: open, start the targets, fire and judge every case, write the reports.</summary>
    public static async Task<double> WholeSecondsAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var run = ConformanceRun.Open(settings);
        await run.RunAsync(run.SelectedCases, null, cancellationToken).ConfigureAwait(false);
        run.Complete();
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Load and expand the catalog, then (targets started, off the clock) fire and judge the unraced cases and
    /// write every report; each phase timed.
    /// </summary>
    public static async Task<(EnginePhases Phases, int Cases)> UnracedAsync(RunSettings settings, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var run = ConformanceRun.Open(settings);
        var cases = Unraced(run.SelectedCases);
        var load = clock.Elapsed;
        await run.StartTargetsAsync(cancellationToken).ConfigureAwait(false);
        clock.Restart();
        await run.RunAsync(cases, null, cancellationToken).ConfigureAwait(false);
        var fired = clock.Elapsed;
        run.Complete();
        var written = clock.Elapsed;
        return (new EnginePhases(load.TotalSeconds, fired.TotalSeconds, (written - fired).TotalSeconds), cases.Count);
    }

    /// <summary><see cref="UnracedAsync"/>'s total, for <see cref="CatalogRunTimer"/>.</summary>
    public static async Task<double> UnracedSecondsAsync(RunSettings settings, CancellationToken cancellationToken) =>
        (await UnracedAsync(settings, cancellationToken).ConfigureAwait(false)).Phases.TotalSeconds;

    /// <summary>The cases without a racer thread, in order.</summary>
    public static List<ScenarioCase> Unraced(IReadOnlyList<ScenarioCase> cases) =>
        cases.Where(c => c.Call.Racer.Kind == RacerKind.None).ToList();
}
