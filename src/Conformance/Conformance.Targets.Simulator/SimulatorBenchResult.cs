namespace Conformance.Targets.Simulator;

/// <summary>What a BenchLoop inside SimHost measured.</summary>
/// <param name="End">Completed, or how the host failed (Hang, Bugcheck, HostLost).</param>
/// <param name="Iterations">Calls made inside the host.</param>
/// <param name="Elapsed">Wall time of the loop, measured inside the host.</param>
/// <param name="LastStatus">IoStatus.Status of the last call.</param>
/// <param name="Detail">Why the loop did not complete, when it did not.</param>
public sealed record SimulatorBenchResult(Conformance.Targets.CallEnd End, ulong Iterations, TimeSpan Elapsed, int LastStatus, string? Detail)
{
    /// <summary>Calls per second inside the host.</summary>
    public double CallsPerSecond => Elapsed > TimeSpan.Zero ? Iterations / Elapsed.TotalSeconds : 0;
}
