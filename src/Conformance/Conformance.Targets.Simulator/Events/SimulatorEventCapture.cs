using System.Diagnostics;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Events;

/// <summary>
/// Event capture across SimHost generations: a new EventPipe session for every host the target starts
/// (after a bugcheck, a hang or a restart), and what a retired host's session delivered is kept for
/// the next collection, so no event of a judged case is dropped by a restart.
/// </summary>
internal sealed class SimulatorEventCapture(IReadOnlyList<string> providers, int bufferMegabytes, TimeSpan collectTimeout, string? rawCaptureDirectory) : IEventCapture
{
    private int generation;

    private readonly List<TraceEventRecord> retiredEvents = [];
    private EventPipeCapture? current;
    private long retiredLost;
    private string? retiredDetail;

    /// <summary>Capture the host that was just started (retiring the previous one).</summary>
    public void Attach(int processId)
    {
        Retire();
        string? raw = null;
        if (rawCaptureDirectory is not null)
        {
            Directory.CreateDirectory(rawCaptureDirectory);
            raw = Path.Combine(rawCaptureDirectory, $"simhost-{++generation}-pid{processId}.nettrace");
        }

        current = EventPipeCapture.Start(processId, providers, bufferMegabytes, raw);
    }

    /// <summary>The previous host is gone: keep what its session delivered.</summary>
    public void Retire()
    {
        if (current is null)
        {
            return;
        }

        var (events, lost, detail) = current.Retire();
        current = null;
        retiredEvents.AddRange(events);
        retiredLost += lost;
        retiredDetail = detail ?? retiredDetail;
    }

    /// <summary>Everything captured since the last collection, after one heartbeat fence on the live host.</summary>
    public async Task<EventWindow> CollectAsync(CancellationToken cancellationToken)
    {
        long fence = Stopwatch.GetTimestamp();
        var events = new List<TraceEventRecord>(retiredEvents);
        long lost = retiredLost;
        string? detail = retiredDetail;
        retiredEvents.Clear();
        retiredLost = 0;
        retiredDetail = null;
        if (current is { } live)
        {
            var (liveEvents, liveLost, liveDetail) = await live.CollectAsync(fence, collectTimeout, cancellationToken).ConfigureAwait(false);
            events.AddRange(liveEvents);
            lost += liveLost;
            detail = liveDetail ?? detail;
        }

        return new EventWindow(true, "eventpipe", events, lost, detail);
    }

    /// <inheritdoc/>
    public void Dispose() => Retire();
}
