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

    /// <summary>Where to append the write-ahead journal; null for none.</summary>
    public string? JournalPath { get; init; }

    /// <summary>
    /// fsync the journal before each batch is fired. Needed when a driver crash takes the runner's
    /// machine down (the Windows target); with the simulator only SimHost dies and a write to the
    /// operating system already survives it, so the ~8 ms per batch is not paid there.
    /// </summary>
    public bool SyncJournalToDisk { get; init; } = true;
}
