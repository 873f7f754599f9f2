using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Runtime.Versioning;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Session;

namespace Conformance.Targets.Windows;

/// <summary>
/// ETW real-time capture of the real driver's TraceLogging provider, for the Windows target. Each event keeps
/// the thread that wrote it and its QPC timestamp, which is how <see cref="EtwCaseAssignment"/> finds its case.
/// A collection is fenced by a marker event the runner writes itself (provider "Conformance-Runner-Fence"),
/// then a flush: once the marker has come through, everything written before it has too. No sleeping.
/// NOT YET RUN ON WINDOWS: under Wine TraceEventSession cannot enable a provider (docs/wine.md), which is why
/// Wine runs use --no-capture. Facts it relies on (shared/reference B6): TraceLogging providers are enabled by
/// the ETW name hash of their name; real-time sessions flush every second; session.EventsLost is the live loss
/// counter; administrator rights are required; TraceEvent sessions use the QPC clock, the clock of
/// Stopwatch.GetTimestamp on Windows.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class EtwEventCapture : IDisposable
{
    private const string FenceProviderName = "Conformance-Runner-Fence";
    private readonly TraceEventSession session;
    private readonly Thread processing;
    private readonly Lock gate = new();
    private readonly List<CapturedEvent> pending = [];
    private readonly string provider;
    private readonly TimeSpan fenceTimeout;
    private readonly FenceSource fence = new();
    private long fenceSeen = -1;
    private long nextFence;
    private int accountedLost;

    /// <summary>Start a real-time session named <paramref name="sessionName"/> enabling <paramref name="providerName"/> and the fence.</summary>
    public EtwEventCapture(string sessionName, string providerName, TimeSpan fenceTimeout)
    {
        provider = providerName;
        this.fenceTimeout = fenceTimeout;
        session = new TraceEventSession(sessionName) { StopOnDispose = true };
        // A refusal throws; the return value only says whether the provider was enabled before.
        session.EnableProvider(TraceEventProviders.GetEventSourceGuidFromName(providerName), TraceEventLevel.Verbose);
        session.EnableProvider(fence.Guid, TraceEventLevel.Verbose);

        session.Source.Dynamic.All += OnEvent;
        processing = new Thread(() => session.Source.Process()) { IsBackground = true, Name = "ETW capture" };
        processing.Start();
    }

    /// <summary>
    /// Write a fence event, flush, and wait until the fence came through (or the timeout passed, which counts
    /// as loss); then hand over every driver event captured since the last collection.
    /// </summary>
    public async Task<(IReadOnlyList<CapturedEvent> Events, long Lost, string? LossDetail)> CollectAsync(CancellationToken cancellationToken)
    {
        long token = ++nextFence;
        fence.Fence(token);
        session.Flush();
        var deadline = Stopwatch.GetTimestamp() + (long)(fenceTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Interlocked.Read(ref fenceSeen) < token && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }

        bool fenced = Interlocked.Read(ref fenceSeen) >= token;
        lock (gate)
        {
            var events = pending.ToList();
            pending.Clear();
            int lost = session.EventsLost - accountedLost;
            accountedLost = session.EventsLost;
            string? detail = !fenced
                ? $"the ETW fence event did not come through within {fenceTimeout.TotalSeconds:F0} s: events may be missing"
                : lost > 0 ? $"{lost} event(s) lost by the ETW session" : null;
            return (events, fenced ? lost : Math.Max(lost, 1), detail);
        }
    }

    private void OnEvent(TraceEvent data)
    {
        if (data.ProviderName == FenceProviderName)
        {
            if (data.PayloadByName("Token") is long token)
            {
                Interlocked.Exchange(ref fenceSeen, Math.Max(Interlocked.Read(ref fenceSeen), token));
            }

            return;
        }

        if (data.ProviderName != provider)
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
