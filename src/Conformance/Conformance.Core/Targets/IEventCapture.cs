namespace Conformance.Targets;

/// <summary>
/// A capture of the driver's events: EventPipe from SimHost in the simulator
/// (Conformance.Targets.Simulator), ETW real-time on Windows (Conformance.Targets.Windows).
/// Targets expose it to the engine through <see cref="IDeviceTarget.CollectEventsAsync"/>.
/// </summary>
public interface IEventCapture : IDisposable
{
    /// <summary>Events delivered since the last call, after one wait for everything written until now.</summary>
    Task<EventWindow> CollectAsync(CancellationToken cancellationToken);
}
