using Conformance.SimHost.Events;
using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// Moves the driver's trace events from the native ring into a case's result, right after the case.
/// This is the only place that knows events are pulled synchronously per case: a later EventSource
/// bridge (a managed drain thread feeding EventPipe) replaces this one class.
/// </summary>
internal sealed unsafe class TraceDrain : IDisposable
{
    // Events are small (a few fields); whole events are copied, so this only bounds one drain round.
    private const int ScratchBytes = 256 * 1024;

    private readonly byte[] _scratch = GC.AllocateUninitializedArray<byte>(ScratchBytes, pinned: true);
    private ulong _droppedOverLimit;

    // The driver's events also leave through EventSources for EventPipe capture (issue 4), drained here on
    // the request thread: never from driver code inside a __try.
    private readonly DriverEventPublisher _publisher = new();
    private readonly HostHeartbeatSource _heartbeat;

    public TraceDrain()
    {
        _heartbeat = new HostHeartbeatSource(() => _publisher.LastSequence, () => (long)LostCount);
    }

    /// <summary>Republish <paramref name="count"/> synthetic events through the same path (capture benchmarks and loss tests).</summary>
    public void PublishSynthetic(ulong count)
    {
        for (ulong i = 0; i < count; i++)
        {
            var fields = new Dictionary<string, object>(2, StringComparer.Ordinal) { ["Index"] = i, ["Status"] = 0 };
            _publisher.Publish(new Conformance.Targets.TraceEventRecord(SyntheticProvider, "SyntheticEvent", i, "synthetic", fields));
        }
    }

    /// <summary>Provider of <see cref="PublishSynthetic"/>'s events.</summary>
    public const string SyntheticProvider = "Conformance-SimHost-Synthetic";

    /// <summary>Events that carried another case id (e.g. logged by DriverEntry) and were not attached anywhere.</summary>
    public ulong Unattributed { get; private set; }

    /// <summary>Events lost since boot: ring overflow plus events beyond the per-case limit.</summary>
    public ulong LostCount => SimKernelNative.SimTraceLostCount() + _droppedOverLimit;

    /// <summary>
    /// Empty the ring; append the records whose case id is <paramref name="caseId"/> to <paramref name="frame"/>
    /// unchanged (the client decodes them), or to nothing when <paramref name="frame"/> is null (a call that is not a case).
    /// </summary>
    public void DrainInto(ReadOnlySpan<byte> caseId, WireWriter? frame, out uint eventCount, out uint eventBytes)
    {
        eventCount = 0;
        eventBytes = 0;
        while (true)
        {
            uint drained;
            fixed (byte* scratch = _scratch)
            {
                drained = SimKernelNative.SimTraceDrain(scratch, ScratchBytes);
            }

            if (drained == 0)
            {
                return;
            }

            var records = _scratch.AsSpan(0, (int)Math.Min(drained, ScratchBytes));
            while (SimTraceFormat.TryReadRecord(records, out int size, out var recordCaseId))
            {
                if (_heartbeat.IsEnabled())
                {
                    _publisher.Publish(SimTraceFormat.Decode(records[..size]));
                }

                if (!recordCaseId.SequenceEqual(caseId))
                {
                    Unattributed++;
                }
                else if (frame is null)
                {
                    // Published above; attached to no case.
                }
                else if (eventBytes + (uint)size > ProtocolLimits.MaxEventBytesPerCase)
                {
                    _droppedOverLimit++;
                }
                else
                {
                    frame.WriteBytes(records[..size]);
                    eventCount++;
                    eventBytes += (uint)size;
                }

                records = records[size..];
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _heartbeat.Dispose();
        _publisher.Dispose();
    }
}
