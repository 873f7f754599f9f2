using System.Diagnostics;
using System.Diagnostics.Tracing;
using Conformance.Targets;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;

namespace Conformance.Targets.Simulator.Events;

/// <summary>
/// A real EventPipe session on one SimHost process, parsed by TraceEvent's EventPipeEventSource on a
/// background thread. It keeps the driver's events (correlated by the SimSequence and SimCaseId fields
/// SimHost appends, which are removed from the fields) and SimHost's heartbeat, and counts loss three
/// ways: TraceEvent's EventsLost, gaps in the driver's sequence numbers, and sequence numbers the
/// heartbeat says were written but never arrived.
/// </summary>
internal sealed class EventPipeCapture : IDisposable
{
    private const string HeartbeatProvider = "Conformance-SimHost";
    private const string SequenceField = "SimSequence";
    private const string CaseIdField = "SimCaseId";

    private readonly EventPipeSession session;
    private readonly EventPipeEventSource source;
    private readonly Thread processing;
    private readonly Lock gate = new();
    private readonly List<TraceEventRecord> pending = [];
    private readonly SemaphoreSlim heartbeatArrived = new(0);
    private long heartbeatTimestamp = long.MinValue;
    private long heartbeatLastSequence = -1;
    private long nativeLost;
    private long highestSequenceSeen = -1;
    private long sequenceGaps;
    private long accountedLost;
    private volatile bool ended;
    private volatile string? streamError;
    private bool disposed;

    private EventPipeCapture(EventPipeSession session, string? rawCapturePath)
    {
        this.session = session;
        source = new EventPipeEventSource(rawCapturePath is null ? session.EventStream : new TeeStream(session.EventStream, rawCapturePath));
        source.Dynamic.All += OnEvent;
        processing = new Thread(() =>
        {
            try
            {
                source.Process();
            }
#pragma warning disable CA1031 // This thread must never take the runner down with it.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // The host died mid-block (a bugcheck: TraceEvent reports FormatException) or the session
                // stopped: what arrived so far is kept; the end is recorded for the loss report.
                streamError = e.GetType().Name + ": " + e.Message;
            }
            finally
            {
                ended = true;
                heartbeatArrived.Release();
            }
        })
        { IsBackground = true, Name = "EventPipe capture" };
        processing.Start();
    }

    /// <summary>
    /// Open a session on SimHost <paramref name="processId"/> for the driver's providers and the heartbeat;
    /// with <paramref name="rawCapturePath"/>, the raw stream is also written there as a .nettrace file.
    /// </summary>
    public static EventPipeCapture Start(int processId, IEnumerable<string> providers, int bufferMegabytes, string? rawCapturePath)
    {
        var enabled = providers.Append(HeartbeatProvider).Distinct(StringComparer.Ordinal)
            .Select(p => new EventPipeProvider(p, EventLevel.Verbose)).ToList();
        var session = new DiagnosticsClient(processId).StartEventPipeSession(enabled, requestRundown: false, circularBufferMB: bufferMegabytes);
        return new EventPipeCapture(session, rawCapturePath);
    }

    /// <summary>
    /// Wait until a heartbeat stamped at or after <paramref name="fence"/> (a Stopwatch timestamp taken after
    /// the last call returned) has arrived, so every event written before it has too; then hand over the
    /// events gathered so far. Returns early when the host has died (its stream ended).
    /// </summary>
    public async Task<(List<TraceEventRecord> Events, long Lost, string? Detail)> CollectAsync(long fence, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        string? timedOut = null;
        while (!ended && Volatile.Read(ref heartbeatTimestamp) < fence)
        {
            var left = TimeSpan.FromSeconds((double)(deadline - Stopwatch.GetTimestamp()) / Stopwatch.Frequency);
            if (left <= TimeSpan.Zero)
            {
                timedOut = $"no SimHost heartbeat arrived within {timeout.TotalSeconds:0.#} s: events written since may be missing";
                break;
            }

            await heartbeatArrived.WaitAsync(left, cancellationToken).ConfigureAwait(false);
        }

        lock (gate)
        {
            var events = pending.OrderBy(e => e.Sequence).ToList();
            pending.Clear();
            long unseenAtEnd = Math.Max(0, heartbeatLastSequence - highestSequenceSeen);
            long lost = sequenceGaps + unseenAtEnd + source.EventsLost + nativeLost;
            long newLoss = lost - accountedLost;
            accountedLost = lost;
            string? detail = timedOut;
            if (newLoss > 0)
            {
                detail = $"{newLoss} event(s) lost (EventPipe dropped {source.EventsLost}, sequence gaps {sequenceGaps}, never delivered {unseenAtEnd}, native ring dropped {nativeLost}); enlarge the capture buffer";
            }

            return (events, timedOut is null ? Math.Max(0, newLoss) : Math.Max(1, newLoss), detail);
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName == HeartbeatProvider)
        {
            if (data.EventName == "Heartbeat")
            {
                lock (gate)
                {
                    heartbeatLastSequence = Math.Max(heartbeatLastSequence, Convert.ToInt64(data.PayloadByName("LastSequence"), System.Globalization.CultureInfo.InvariantCulture));
                    nativeLost = Math.Max(nativeLost, Convert.ToInt64(data.PayloadByName("NativeLost"), System.Globalization.CultureInfo.InvariantCulture));
                }

                Volatile.Write(ref heartbeatTimestamp, Convert.ToInt64(data.PayloadByName("Timestamp"), System.Globalization.CultureInfo.InvariantCulture));
                heartbeatArrived.Release();
            }

            return;
        }

        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        ulong sequence = 0;
        string caseId = string.Empty;
        for (int i = 0; i < data.PayloadNames.Length; i++)
        {
            string name = data.PayloadNames[i];
            object value = data.PayloadValue(i);
            if (name == SequenceField)
            {
                sequence = Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name == CaseIdField)
            {
                caseId = value as string ?? string.Empty;
            }
            else
            {
                fields[name] = value;
            }
        }

        var record = new TraceEventRecord(data.ProviderName, data.EventName, sequence, caseId, fields);
        lock (gate)
        {
            // Sequence numbers are contiguous per SimHost boot: a jump is events EventPipe never delivered.
            if ((long)sequence > highestSequenceSeen + 1)
            {
                sequenceGaps += (long)sequence - highestSequenceSeen - 1;
            }

            highestSequenceSeen = Math.Max(highestSequenceSeen, (long)sequence);
            pending.Add(record);
        }
    }

    /// <summary>
    /// The host is gone or being replaced: stop the session (flushing what EventPipe still holds) and hand
    /// over everything that arrived. Events written but never delivered at the very end are not counted as
    /// lost here: after a crash they belong to the crashing call, which is judged as a bugcheck.
    /// </summary>
    public (List<TraceEventRecord> Events, long Lost, string? Detail) Retire()
    {
        Dispose();
        lock (gate)
        {
            var events = pending.OrderBy(e => e.Sequence).ToList();
            pending.Clear();
            long lost = sequenceGaps + source.EventsLost + nativeLost - accountedLost;
            accountedLost += Math.Max(0, lost);
            return (events, Math.Max(0, lost), lost > 0 ? $"{lost} event(s) lost before SimHost {(ended ? "ended" : "was replaced")} ({streamError ?? "stream closed"})" : null);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        try
        {
            session.Stop();
        }
        catch (Exception e) when (e is ServerNotAvailableException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            // The host is already gone; its stream has ended or will.
        }

        processing.Join(TimeSpan.FromSeconds(5));
        source.Dispose();
        session.Dispose();
    }
}
