using Conformance.Scenarios;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator;

namespace Conformance.Engine.Fuzzing;

/// <summary>
/// `bench`'s fuzz_execs_per_s: the host's fuzz loop on the reference driver (clean, every IOCTL of its profile, the
/// well-formed seeds), one SimHost thread, after an untimed loop that lets the JIT settle and builds the corpus the
/// measured loop starts from. Execs per second as the host counts them: mutate, encode, run, read coverage, triage.
/// </summary>
public static class FuzzBench
{
    /// <summary>Execs per second of a loop of <paramref name="duration"/> after one of <paramref name="warmup"/>.</summary>
    /// <exception cref="InvalidOperationException">The loop did not end by itself (the driver crashed the host).</exception>
    public static async Task<double> RunAsync(RunSettings settings, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings = settings with { CaptureEvents = false, DefectVariant = 0 };
        var profiles = DeviceProfileSet.LoadDirectory(Path.Combine(settings.ResolvedScenariosRoot, "devices"));
        if (!profiles.TryGet("conformance-sample", out var device))
        {
            throw new InvalidOperationException("the reference driver's profile (scenarios/devices/conformance-sample.yaml) did not load");
        }

        var target = (SimulatorTarget)TargetFactory.Create(settings with { DriverPath = settings.ResolvedDriverPath }, device);
        await using (target.ConfigureAwait(false))
        {
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            var request = new FuzzLoopRequest
            {
                Seed = 1,
                IoControlCodes = [.. device.Ioctls.Select(i => i.Code.Value)],
                Seeds = FuzzSeeds.For(device.Ioctls),
            };
            // The measured loop starts from the corpus the warm-up built: a loop's first seconds, from the seeds alone,
            // find new paths all the time and run larger inputs, and are not the steady state a session spends its time in.
            var corpus = new List<Conformance.Targets.IoctlCall>();
            await LoopAsync(target, request with { Duration = warmup }, corpus, cancellationToken).ConfigureAwait(false);
            var done = await LoopAsync(target, request with { Duration = duration, Seed = 2, Seeds = corpus.Count > 0 ? corpus : request.Seeds }, null, cancellationToken).ConfigureAwait(false);
            return done.Elapsed > TimeSpan.Zero ? done.Execs / done.Elapsed.TotalSeconds : 0;
        }
    }

    private static async Task<FuzzReport> LoopAsync(SimulatorTarget target, FuzzLoopRequest request, List<Conformance.Targets.IoctlCall>? corpus, CancellationToken cancellationToken)
    {
        var result = await target.FuzzLoopAsync(request, report =>
        {
            if (report is { Kind: FuzzReportKind.NewEntry, Call: { } entry })
            {
                corpus?.Add(entry);
            }
        }, CancellationToken.None, cancellationToken).ConfigureAwait(false);
        return result.Final is { Kind: FuzzReportKind.Done } done
            ? done
            : throw new InvalidOperationException($"the fuzz loop on the clean reference driver did not finish: {result.CrashOutcome?.Detail}");
    }
}
