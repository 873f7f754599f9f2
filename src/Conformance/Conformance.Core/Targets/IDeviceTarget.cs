namespace Conformance.Targets;

/// <summary>
/// A driver to fire calls at: the simulator (SimHost) or the real driver on Windows.
/// The engine knows targets only through this interface and <see cref="Capabilities"/>.
/// </summary>
public interface IDeviceTarget : IAsyncDisposable
{
    /// <summary>What this target can observe. Valid after <see cref="StartAsync"/>.</summary>
    TargetCapabilities Capabilities { get; }

    /// <summary>Bring the target up: start the host, load the driver, open the device.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Fire a batch of calls in order. A bugcheck or hang ends the batch early: the returned list holds
    /// the outcomes up to and including the crashing call; the caller resubmits the rest after restart.
    /// </summary>
    Task<IReadOnlyList<CallOutcome>> ExecuteAsync(IReadOnlyList<IoctlCall> calls, CancellationToken cancellationToken);

    /// <summary>Restart after a crash or hang (new host, driver reloaded, device reopened).</summary>
    Task RestartAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The driver's events captured since the last call (ETW on Windows, EventPipe in the simulator),
    /// after one wait for everything written until now to arrive. Never called per case: once per run
    /// or batch, since delivery takes ~0.1-1 s.
    /// </summary>
    Task<EventWindow> CollectEventsAsync(CancellationToken cancellationToken) => Task.FromResult(EventWindow.Unsupported);

    /// <summary>
    /// After the machine went down during <paramref name="caseId"/> and came back (a resumed run on a target whose
    /// machine dies with the driver), the bugcheck it recorded at or after <paramref name="notBefore"/>; null
    /// when the target keeps no such record or found none.
    /// </summary>
    Task<BugcheckRecord?> FindBugcheckAsync(string caseId, uint ioControlCode, DateTimeOffset notBefore, CancellationToken cancellationToken) =>
        Task.FromResult<BugcheckRecord?>(null);
}
