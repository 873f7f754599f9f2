namespace Conformance.Targets;

/// <summary>One event the driver logged (TraceLogging on Windows, the shim's trace ring in the simulator).</summary>
/// <param name="Provider">Provider name.</param>
/// <param name="Name">Event name.</param>
/// <param name="Sequence">Per-boot sequence number; gaps mean loss.</param>
/// <param name="CaseId">Case in flight when the event was written.</param>
/// <param name="Fields">Field values by name: uint, int, ulong, long or string.</param>
public sealed record TraceEventRecord(
    string Provider,
    string Name,
    ulong Sequence,
    string CaseId,
    IReadOnlyDictionary<string, object> Fields);
