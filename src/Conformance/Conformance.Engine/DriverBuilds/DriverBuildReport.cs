using Conformance.Targets.Simulator;

namespace Conformance.Engine.DriverBuilds;

/// <summary>What building a driver and loading it in the simulator showed.</summary>
/// <param name="Compile">The compiler's run.</param>
/// <param name="Load">What DriverEntry made; null when the compile failed or the load was not asked for.</param>
/// <param name="LoadError">Why the simulator could not run DriverEntry at all (a missing symbol, a crash in DriverEntry); null otherwise.</param>
public sealed record DriverBuildReport(DriverCompileResult Compile, DriverLoadReport? Load, string? LoadError)
{
    /// <summary>Built, and (when checked) loaded with a successful DriverEntry and an unload that did not crash.</summary>
    public bool Succeeded => Compile.Succeeded && LoadError is null && (Load is null || (Load.Loaded && Load.UnloadBugcheck is null));
}
