using System.Diagnostics;
using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// Serves the client's requests until Shutdown or disconnect. Each case result is sent the moment its case
/// finishes: if the driver bugchecks the next case, the process dies, and nothing already done is lost.
/// </summary>
internal sealed class RequestLoop(HostConnection connection, KernelSession session)
{
    private readonly WireWriter _frame = new(64 * 1024, pinned: true);
    private readonly CaseRunner _runner = new(new TraceDrain());
    private LivenessCall? _liveness;

    /// <summary>Send Hello, then serve requests.</summary>
    /// <returns>The process exit code.</returns>
    public int Run()
    {
        try
        {
            return Serve();
        }
        finally
        {
            _runner.Drain.Dispose();
        }
    }

    private int Serve()
    {
        _frame.Reset();
        session.CreateHello().Write(_frame);
        connection.Send(_frame.WrittenSpan);

        while (connection.TryReceiveFrame(out var kind, out var payload))
        {
            switch (kind)
            {
                case MessageKind.Shutdown:
                    return HostExitCode.Normal;
                case MessageKind.SelfTest:
                    Reply(HostSelfTest.Run(SelfTestMessage.Read(payload.Span)).Write);
                    break;
                case MessageKind.ExecuteBatch when session.IsReady:
                    ExecuteBatch(payload.Span);
                    break;
                case MessageKind.BenchLoop when session.IsReady:
                    BenchLoop(payload.Span);
                    break;
                case MessageKind.FuzzLoop when session.IsReady:
                    new Fuzzing.HostFuzzLoop(connection, _frame, session.CreateHello()).Run(FuzzLoopMessage.Read(payload.Span));
                    break;
                case MessageKind.EmitEvents:
                    EmitEvents(payload.Span);
                    break;
                case MessageKind.SetLiveness:
                    _liveness = LivenessCall.FromPayload(payload.Span);
                    break;
                case MessageKind.ReadFileAccesses:
                    Reply(DriverNamespace.FileAccesses().Write);
                    break;
                case MessageKind.ExecuteBatch or MessageKind.BenchLoop or MessageKind.FuzzLoop:
                    return Refuse($"The kernel is not ready: {session.FailureMessage}");
                default:
                    return Refuse($"Unexpected message kind {(byte)kind}.");
            }
        }

        return HostExitCode.Normal;
    }

    private void ExecuteBatch(ReadOnlySpan<byte> payload)
    {
        // Decode the whole batch once before running any case, so a malformed batch is refused as a whole
        // instead of half-run.
        var check = new BatchCallReader(payload);
        while (check.TryReadNext(out _))
        {
        }

        var calls = new BatchCallReader(payload);
        uint index = 0;
        while (calls.TryReadNext(out var call))
        {
            var header = _runner.Run(call, index++, _frame, _liveness);
            // A coverage build's counters reach its .gcda files before the result is sent: a host killed later
            // (a hang) loses none of the cases that returned (docs/coverage.md).
            SimKernelNative.SimCoverageFlush();
            connection.Send(_frame.WrittenSpan);
            if ((header.Flags & SimResultBits.DeviceDead) != 0)
            {
                // Every later case would only meet the dead device: the client restarts the host and fires the rest there.
                return;
            }
        }
    }

    private void EmitEvents(ReadOnlySpan<byte> payload)
    {
        ulong count = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(payload);
        long start = Stopwatch.GetTimestamp();
        _runner.Drain.PublishSynthetic(count);
        ulong elapsedNs = (ulong)Stopwatch.GetElapsedTime(start).Ticks * 100;
        _frame.Reset();
        new BenchLoopReply(count, elapsedNs, 0, 0, 0).Write(_frame);
        connection.Send(_frame.WrittenSpan);
    }

    private void BenchLoop(ReadOnlySpan<byte> payload)
    {
        var call = BenchLoopMessage.Read(payload, out ulong iterations, out ulong durationNs);
        long start = Stopwatch.GetTimestamp();
        long stopAt = durationNs == 0 || durationNs >= long.MaxValue / 10
            ? long.MaxValue
            : start + (long)(durationNs * (double)Stopwatch.Frequency / 1e9);
        ulong done = 0;
        CaseResultHeader last = default;
        while (done < iterations)
        {
            last = _runner.Run(call, 0, _frame);
            done++;
            if (last.SetupError != 0 || Stopwatch.GetTimestamp() >= stopAt)
            {
                break;
            }
        }

        ulong elapsedNs = (ulong)Stopwatch.GetElapsedTime(start).Ticks * 100;
        _frame.Reset();
        new BenchLoopReply(done, elapsedNs, last.Status, last.Information, last.SetupError).Write(_frame);
        connection.Send(_frame.WrittenSpan);
    }

    private void Reply(Action<WireWriter> write)
    {
        _frame.Reset();
        write(_frame);
        connection.Send(_frame.WrittenSpan);
    }

    private int Refuse(string message)
    {
        _frame.Reset();
        ErrorMessage.Write(_frame, message);
        connection.Send(_frame.WrittenSpan);
        return HostExitCode.ProtocolViolation;
    }
}
