using System.Diagnostics;
using System.Diagnostics.Tracing;

namespace Conformance.SimHost.Events;

/// <summary>
/// A heartbeat every 10 ms while someone listens: EventPipe holds back the last events until more
/// data arrives (measured: up to 8 s), and a steady heartbeat bounds that to ~200 ms. Its timestamp
/// (Stopwatch, CLOCK_MONOTONIC: the same clock in every process) lets the client wait once for "every
/// event written before now has arrived" instead of sleeping per case; LastSequence lets it see
/// events lost at the end of a window, NativeLost events the native ring dropped.
/// </summary>
[EventSource(Name = ProviderName)]
internal sealed class HostHeartbeatSource : EventSource
{
    public const string ProviderName = "Conformance-SimHost";

    private readonly Timer timer;
    private readonly Func<long> lastSequence;
    private readonly Func<long> nativeLost;

    public HostHeartbeatSource(Func<long> lastSequence, Func<long> nativeLost)
    {
        this.lastSequence = lastSequence;
        this.nativeLost = nativeLost;
        // A static callback: an instance lambda would compile into a method of this EventSource, and
        // EventSource treats its methods as events ("Unsupported type Object", measured).
        timer = new Timer(static state => ((HostHeartbeatSource)state!).Beat(), this, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10));
    }

    /// <summary>NativeLost: driver events dropped by the native trace ring before they could be published.</summary>
    [Event(1, Level = EventLevel.Informational)]
    public void Heartbeat(long Timestamp, long LastSequence, long NativeLost) => WriteEvent(1, Timestamp, LastSequence, NativeLost);

    [NonEvent]
    private void Beat()
    {
        if (IsEnabled())
        {
            Heartbeat(Stopwatch.GetTimestamp(), lastSequence(), nativeLost());
        }
    }

    [NonEvent]
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            timer.Dispose();
        }

        base.Dispose(disposing);
    }
}
