using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.Versioning;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Session;

namespace Conformance.Targets.Windows;

/// <summary>
/// ETW real-time capture of the real driver's TraceLogging provider, for the Windows target. Each event keeps
/// the thread that wrote it and its QPC timestamp, which is how <see cref="EtwCaseAssignment"/> finds its case.
/// A collection is fenced by a marker event the runner writes on the caller thread (provider
/// "Conformance-Runner-Fence"), then a flush: the driver's events of the calls were written on that thread's
/// processor before the marker, so once the marker has come through they have too. No sleeping.
/// NOT YET RUN ON WINDOWS: under Wine TraceEventSession cannot enable a provider (docs/wine.md), which is why
/// Wine runs use --no-capture. Facts it relies on (shared/reference B6): TraceLogging providers are enabled by
/// the ETW name hash of their name; real-time sessions flush every second; administrator rights are required;
/// TraceEvent opens real-time sessions with the QPC clock and raw timestamps, the clock of Stopwatch.GetTimestamp;
/// lost real-time events arrive as RT_LostEvent records (learn.microsoft.com "RT_LostEvent class").
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class EtwEventCapture : IDisposable
{
    private const string FenceProviderName = "Conformance-Runner-Fence";

    /// <summary>RT_LostEvent's provider: a record of real-time events or buffers the session dropped.</summary>
    private static readonly Guid LostEventProvider = new("6a399ae0-4bc6-4de9-870b-3657f8947e7e");

    private readonly TraceEventSession session;
    private readonly Thread processing;
    private readonly Lock gate = new();
    private readonly List<CapturedEvent> pending = [];
    private readonly Guid provider;
    private readonly TimeSpan fenceTimeout;
    private readonly FenceSource fence = new();
    private long fenceSeen = -1;
    private long nextFence;
    private int accountedLost;
    private int lostRecords;
    private string? processingError;

    /// <summary>Start a real-time session named <paramref name="sessionName"/> enabling <paramref name="providerName"/> and the fence.</summary>
    public EtwEventCapture(string sessionName, string providerName, TimeSpan fenceTimeout)
    {
        provider = TraceEventProviders.GetEventSourceGuidFromName(providerName);
        this.fenceTimeout = fenceTimeout;
        // Small buffers: a session outlives a process that dies, keeping its memory until it is stopped.
        session = new TraceEventSession(sessionName) { StopOnDispose = true, BufferSizeMB = 16 };
        try
        {
            // The consumer is attached before the providers are enabled, so the fence's manifest (sent when
            // its EventSource is enabled) is not missed; the fence is recognised by GUID and id anyway.
            session.Source.Dynamic.All += OnEvent;
            session.Source.AllEvents += CountLost;
            processing = new Thread(Process) { IsBackground = true, Name = "ETW capture" };
            processing.Start();
            session.EnableProvider(provider, TraceEventLevel.Verbose);
            session.EnableProvider(fence.Guid, TraceEventLevel.Verbose);
        }
        catch
        {
            session.Dispose();
            fence.Dispose();
            throw;
        }
    }

    /// <summary>Write the fence event with <paramref name="token"/>; call it on the thread that made the calls.</summary>
    public void WriteFence(long token) => fence.Fence(token);

    /// <summary>
    /// Have <paramref name="writeFence"/> write a fence (on the caller thread), flush, and wait until the fence came
    /// through (or the timeout passed, which counts as loss); then hand over every driver event captured since the
    /// last collection.
    /// </summary>
    public async Task<(IReadOnlyList<CapturedEvent> Events, long Lost, string? LossDetail)> CollectAsync(Action<long> writeFence, CancellationToken cancellationToken)
    {
        long token = ++nextFence;
        writeFence(token);
        session.Flush();
        var deadline = Stopwatch.GetTimestamp() + (long)(fenceTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref fenceSeen) < token && Stopwatch.GetTimestamp() < deadline && processingError is null)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        bool fenced = Interlocked.Read(ref fenceSeen) >= token;
        lock (gate)
        {
            var events = pending.ToList();
            pending.Clear();
            int lost = session.EventsLost + lostRecords - accountedLost;
            accountedLost = session.EventsLost + lostRecords;
            string? detail = processingError is { } error ? $"the ETW consumer failed: {error}"
                : !fenced ? $"the ETW fence event did not come through within {fenceTimeout.TotalSeconds:F0} s: events may be missing"
                : lost > 0 ? $"{lost} event(s) or buffers lost by the ETW session" : null;
            return (events, detail is null ? 0 : Math.Max(lost, 1), detail);
        }
    }

    private void Process()
    {
        try
        {
            session.Source.Process();
        }
#pragma warning disable CA1031 // an exception here would kill the process; the next collection reports it as loss
        catch (Exception error)
#pragma warning restore CA1031
        {
            processingError = error.Message;
        }
    }

    private void CountLost(TraceEvent data)
    {
        if (data.ProviderGuid == LostEventProvider)
        {
            Interlocked.Increment(ref lostRecords);
        }
    }

    private void OnEvent(TraceEvent data)
    {
        try
        {
            if (data.ProviderGuid == fence.Guid && (int)data.ID == 1)
            {
                byte[] payload = data.EventData();
                if (payload.Length >= sizeof(long))
                {
                    long token = BitConverter.ToInt64(payload, 0);
                    Interlocked.Exchange(ref fenceSeen, Math.Max(Interlocked.Read(ref fenceSeen), token));
                }

                return;
            }

            if (data.ProviderGuid != provider)
            {
                return;
            }

            var fields = new Dictionary<string, object>(StringComparer.Ordinal);
            for (int i = 0; i < data.PayloadNames.Length; i++)
            {
                fields[data.PayloadNames[i]] = data.PayloadValue(i);
            }

            var record = new TraceEventRecord(data.ProviderName, data.EventName, (ulong)data.EventIndex, string.Empty, fields);
            lock (gate)
            {
#pragma warning disable CS0618 // "discouraged": but the raw QPC value is what the caller's Stopwatch timestamps compare with
                pending.Add(new CapturedEvent(record, data.ThreadID, data.TimeStampQPC));
#pragma warning restore CS0618
            }
        }
#pragma warning disable CA1031 // a payload that cannot be decoded is a lost event, not a dead process
        catch (Exception)
#pragma warning restore CA1031
        {
            Interlocked.Increment(ref lostRecords);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        session.Dispose();
        processing.Join(TimeSpan.FromSeconds(5));
        fence.Dispose();
    }

    /// <summary>The runner's own provider: one event, written after the last call of a collection.</summary>
    [EventSource(Name = FenceProviderName)]
    private sealed class FenceSource : EventSource
    {
        [Event(1, Level = EventLevel.Informational)]
        public void Fence(long Token) => WriteEvent(1, Token);
    }
}
