using System.Diagnostics;
using System.Runtime.Versioning;
using Conformance.Targets;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Session;

namespace Conformance.Targets.Windows;

/// <summary>
/// ETW real-time capture of the real driver's TraceLogging provider, for the Windows target.
/// NOT EXECUTED YET: it compiles here and has never run; the first Windows run is its test.
/// Facts it relies on (shared/reference B6): TraceLogging providers are enabled by GUID, which is the
/// ETW name hash of the provider name (TraceEventProviders.GetEventSourceGuidFromName); real-time
/// sessions flush every second (FlushTimer 1 s) and delivery takes ~1-3 s; session.EventsLost is the
/// live counter (ETWTraceEventSource.EventsLost is not updated for real-time sessions); administrator
/// rights are required.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class EtwEventCapture : IEventCapture
{
    private readonly TraceEventSession session;
    private readonly Thread processing;
    private readonly Lock gate = new();
    private readonly List<TraceEventRecord> pending = [];
    private readonly string provider;
    private long lastDeliveredTimestamp = long.MinValue;
    private readonly TimeSpan collectTimeout;
    private int accountedLost;

    /// <summary>Start a real-time session named <paramref name="sessionName"/> enabling <paramref name="providerName"/> by its name-hash GUID.</summary>
    public EtwEventCapture(string sessionName, string providerName, TimeSpan collectTimeout)
    {
        provider = providerName;
        this.collectTimeout = collectTimeout;
        session = new TraceEventSession(sessionName) { StopOnDispose = true };
        session.EnableProvider(TraceEventProviders.GetEventSourceGuidFromName(providerName), TraceEventLevel.Verbose);
        session.Source.Dynamic.All += OnEvent;
        processing = new Thread(() => session.Source.Process()) { IsBackground = true, Name = "ETW capture" };
        processing.Start();
    }

    /// <summary>
    /// Flush the session and wait until an event stamped after the call has been delivered or
    /// the collect timeout passes, then hand over what arrived. The Windows target assigns case ids
    /// (events carry none on a real machine; it correlates by the driver's IoControlCode and call order).
    /// </summary>
    public async Task<EventWindow> CollectAsync(CancellationToken cancellationToken)
    {
        long fence = Stopwatch.GetTimestamp();
        session.Flush();
        var deadline = DateTime.UtcNow + collectTimeout;
        while (Volatile.Read(ref lastDeliveredTimestamp) < fence && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        lock (gate)
        {
            var events = pending.ToList();
            pending.Clear();
            int lost = session.EventsLost - accountedLost;
            accountedLost = session.EventsLost;
            return new EventWindow(true, "etw", events, lost, lost > 0 ? $"{lost} event(s) lost by the ETW session" : null);
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName != provider)
        {
            return;
        }

        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        for (int i = 0; i < data.PayloadNames.Length; i++)
        {
            fields[data.PayloadNames[i]] = data.PayloadValue(i);
        }

        lock (gate)
        {
            pending.Add(new TraceEventRecord(data.ProviderName, data.EventName, (ulong)data.EventIndex, string.Empty, fields));
        }

        Volatile.Write(ref lastDeliveredTimestamp, Stopwatch.GetTimestamp());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        session.Dispose();
        processing.Join(TimeSpan.FromSeconds(5));
    }
}
