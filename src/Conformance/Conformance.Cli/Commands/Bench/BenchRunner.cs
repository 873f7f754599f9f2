using System.Buffers.Binary;
using System.Diagnostics;
using Conformance.Targets;
using Conformance.Targets.Simulator;

namespace Conformance.Cli.Commands.Bench;

/// <summary>
/// Runs the three measurements against one SimHost. Each runs for a fixed time rather than a fixed count, so
/// the result does not depend on guessing the machine's speed; each is warmed up first so JIT tiering and
/// first-touch page faults stay out of the numbers.
/// </summary>
internal sealed class BenchRunner(SimulatorOptions options, BenchSettings settings)
{
    /// <summary>IOCTL_SAMPLE_PING: METHOD_BUFFERED, FILE_ANY_ACCESS.</summary>
    public const uint IoctlSamplePing = 0x8C012000;

    /// <summary>What the reference driver writes into the first output ULONG ("SAMP").</summary>
    public const uint SamplePingMagic = 0x53414D50;

    private const uint FileReadWriteData = 3;

    public static IoctlCall PingCall { get; } = new(
        "bench/ping", IoctlSamplePing, FileReadWriteData, BufferSpec.None, BufferSpec.ReadWriteOf(4), RacerSpec.None);

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        var target = new SimulatorTarget(options);
        await using (target.ConfigureAwait(false))
        {
            await target.StartAsync(cancellationToken).ConfigureAwait(false);
            await CheckPingAsync(target, cancellationToken).ConfigureAwait(false);

            IoctlCall[] single = [PingCall];
            var batch = Enumerable.Repeat(PingCall, settings.BatchSize).ToArray();

            await MeasureAsync(target, single, settings.Warmup, cancellationToken).ConfigureAwait(false);
            await MeasureAsync(target, batch, settings.Warmup, cancellationToken).ConfigureAwait(false);
            await CeilingAsync(target, settings.Warmup, cancellationToken).ConfigureAwait(false);

            double singleRate = await MeasureAsync(target, single, settings.Duration, cancellationToken).ConfigureAwait(false);
            double batchedRate = await MeasureAsync(target, batch, settings.Duration, cancellationToken).ConfigureAwait(false);
            double ceilingRate = await CeilingAsync(target, settings.Duration, cancellationToken).ConfigureAwait(false);
            return new BenchResult(singleRate, batchedRate, ceilingRate);
        }
    }

    private static async Task CheckPingAsync(SimulatorTarget target, CancellationToken cancellationToken)
    {
        var outcome = (await target.ExecuteAsync([PingCall], cancellationToken).ConfigureAwait(false))[0];
        if (outcome.End != CallEnd.Completed || outcome.Status != 0 || outcome.OutputAfter is not { Length: >= 4 } output
            || BinaryPrimitives.ReadUInt32LittleEndian(output) != SamplePingMagic)
        {
            throw new BenchFailedException($"IOCTL_SAMPLE_PING did not answer as expected: {outcome.End}, status 0x{outcome.Status:X8}, information {outcome.Information}. {outcome.Detail}");
        }
    }

    private static async Task<double> MeasureAsync(SimulatorTarget target, IoctlCall[] calls, TimeSpan duration, CancellationToken cancellationToken)
    {
        long callsDone = 0;
        long start = Stopwatch.GetTimestamp();
        TimeSpan elapsed;
        do
        {
            var outcomes = await target.ExecuteAsync(calls, cancellationToken).ConfigureAwait(false);
            if (outcomes.Count != calls.Length || outcomes[^1].End != CallEnd.Completed || outcomes[^1].Status != 0)
            {
                var bad = outcomes[^1];
                throw new BenchFailedException($"A ping failed during the measurement: {bad.End}, status 0x{bad.Status:X8}. {bad.Detail}");
            }

            callsDone += outcomes.Count;
            elapsed = Stopwatch.GetElapsedTime(start);
        }
        while (elapsed < duration);
        return callsDone / elapsed.TotalSeconds;
    }

    private static async Task<double> CeilingAsync(SimulatorTarget target, TimeSpan duration, CancellationToken cancellationToken)
    {
        var result = await target.BenchLoopAsync(PingCall, ulong.MaxValue, duration, cancellationToken).ConfigureAwait(false);
        if (result.End != CallEnd.Completed || result.LastStatus != 0)
        {
            throw new BenchFailedException($"The in-host loop failed: {result.End}, status 0x{result.LastStatus:X8}. {result.Detail}");
        }

        return result.CallsPerSecond;
    }
}
