namespace Conformance.Cli.Commands.Bench;

/// <summary>How long each measurement runs, and its warm-up.</summary>
internal sealed record BenchSettings(TimeSpan Duration, TimeSpan Warmup)
{
    /// <summary>Calls per ExecuteAsync in the batched measurement.</summary>
    public int BatchSize { get; init; } = 256;
}

/// <summary>Rates in calls per second.</summary>
internal sealed record BenchResult(double SingleCallsPerSecond, double BatchedCallsPerSecond, double CeilingCallsPerSecond)
{
    public double SingleRatio => CeilingCallsPerSecond > 0 ? SingleCallsPerSecond / CeilingCallsPerSecond : 0;

    public double BatchRatio => CeilingCallsPerSecond > 0 ? BatchedCallsPerSecond / CeilingCallsPerSecond : 0;
}

/// <summary>A call that should have worked did not: the numbers would be meaningless.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
