namespace Conformance.Running;

/// <summary>How a run fires its cases.</summary>
public sealed record RunOptions
{
    /// <summary>The default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 128;

    /// <summary>Cases per request to the target; one IPC round trip carries a whole batch.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>Crashes (bugcheck or hang) of one IOCTL in a row after which its remaining cases are blocked.</summary>
    public int CrashesBeforeBlocking { get; init; } = 5;
}
