using System.Buffers.Binary;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator.Outcomes;

namespace Conformance.Targets.Simulator;

/// <summary>How a fuzz loop inside SimHost ended.</summary>
/// <param name="Final">The last report: the loop's counts (Done, or the last progress before the host went down).</param>
/// <param name="Crashing">When the host went down: the input it was running (from the last-input file), if it could be read; its last call for a sequence.</param>
/// <param name="CrashOutcome">When the host went down: the outcome of the input (bugcheck, hang or host lost), under <paramref name="Crashing"/>'s call.</param>
public sealed record SimulatorFuzzResult(FuzzReport? Final, IoctlCall? Crashing, CallOutcome? CrashOutcome)
{
    /// <summary>The calls of the crashing input fired before <see cref="Crashing"/> (one of them may be the one that crashed).</summary>
    public IReadOnlyList<IoctlCall> CrashingSteps { get; init; } = [];
}

public sealed partial class SimulatorTarget
{
    private const string LastInputFileName = "fuzz-last-input.bin";

    /// <summary>
    /// Run a fuzz loop inside SimHost (docs/fuzz.md). Every report is handed to <paramref name="onReport"/> as it arrives.
    /// <paramref name="stop"/> asks the host to end the loop (it answers within one progress interval); a host that
    /// sends nothing for <see cref="SimulatorOptions.CallTimeout"/> is hung and is killed. After a crash, a hang or a
    /// lost host the target is down: call <see cref="RestartAsync"/> before the next request.
    /// </summary>
    public async Task<SimulatorFuzzResult> FuzzLoopAsync(FuzzLoopRequest request, Action<FuzzReport> onReport, CancellationToken stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onReport);
        cancellationToken.ThrowIfCancellationRequested();
        EnterBusy();
        try
        {
            var host = RequireHost();
            string lastInput = _directory!.Combine(LastInputFileName);
            File.Delete(lastInput);
            request = request with { LastInputPath = lastInput };
            FuzzReport? last = null;
            using var deadline = StartDeadline(_options.CallTimeout, cancellationToken);
            try
            {
                FuzzLoopMessage.Write(host.Channel.StartMessage(), request);
                await host.Channel.SendAsync(deadline.Token).ConfigureAwait(false);
                bool stopSent = false;
                while (true)
                {
                    var frame = await host.Channel.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                    RestartDeadline(deadline);
                    last = FuzzReport.Read(Expect(frame, MessageKind.FuzzReport).Span);
                    onReport(last);
                    if (last.Kind == FuzzReportKind.Done)
                    {
                        return new SimulatorFuzzResult(last, null, null);
                    }

                    if (stop.IsCancellationRequested && !stopSent)
                    {
                        stopSent = true;
                        FuzzLoopMessage.WriteStop(host.Channel.StartMessage());
                        await host.Channel.SendAsync(deadline.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception e) when (IsHostFailure(e, cancellationToken))
            {
                var failure = await TakeDownAsync(host, e, "a fuzz exec", _options.CallTimeout).ConfigureAwait(false);
                var sequence = ReadLastInput(lastInput);
                var crashing = sequence?[^1];
                var call = crashing ?? new IoctlCall("fuzz-unknown-input", 0, 0, BufferSpec.None, BufferSpec.None, RacerSpec.None);
                var outcome = failure.Record is { } record
                    ? OutcomeFactory.Bugcheck(call, _symbolizer.Symbolize(record.Record), record.Events)
                    : failure.End == CallEnd.Hang ? OutcomeFactory.Hang(call, failure.Detail) : OutcomeFactory.HostLost(call, failure.Detail);
                return new SimulatorFuzzResult(last, crashing, outcome) { CrashingSteps = sequence is null ? [] : sequence[..^1] };
            }
            catch
            {
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    // The host writes each input there before running it (SimHost's LastInputFile): u32 length, then its calls.
    private static List<IoctlCall>? ReadLastInput(string path)
    {
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            if (bytes.Length < sizeof(uint))
            {
                return null;
            }

            int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes);
            if (length == 0 || length > bytes.Length - sizeof(uint))
            {
                return null;
            }

            var reader = new WireReader(bytes.AsSpan(sizeof(uint), length));
            return FuzzSequenceCodec.Read(ref reader);
        }
        catch (Exception e) when (e is IOException or ProtocolException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
