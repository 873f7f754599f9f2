using Conformance.Simulator.Protocol;

namespace Conformance.Targets.Simulator;

/// <summary>What loading a driver in the simulator showed (<see cref="DriverLoadProbe"/>).</summary>
/// <param name="DriverEntryStatus">The NTSTATUS DriverEntry returned (or STATUS_DLL_NOT_FOUND / STATUS_PROCEDURE_NOT_FOUND when it could not be called).</param>
/// <param name="Devices">The device objects DriverEntry created and kept, as the driver named them.</param>
/// <param name="SymbolicLinks">The symbolic links DriverEntry created.</param>
/// <param name="FileAccesses">The Zw file calls DriverEntry made.</param>
/// <param name="Failure">Why loading failed, in words (which symbol, which status); empty when DriverEntry succeeded.</param>
/// <param name="UnloadBugcheck">The bugcheck record when DriverUnload crashed the simulated machine; null when it did not.</param>
public sealed record DriverLoadReport(
    int DriverEntryStatus,
    IReadOnlyList<string> Devices,
    IReadOnlyList<SymbolicLinkName> SymbolicLinks,
    FileAccessList FileAccesses,
    string Failure,
    string? UnloadBugcheck)
{
    /// <summary>Whether DriverEntry ran and returned a success status.</summary>
    public bool Loaded => NtStatusText.IsSuccess(DriverEntryStatus);
}
