namespace Conformance.Targets.Windows;

/// <summary>
/// Reads the IO_STATUS_BLOCK after NtDeviceIoControlFile. The block starts as a sentinel: the I/O manager
/// writes it for a success, a warning, or a request that went pending, but not for a synchronous NT_ERROR
/// completion (shared/reference/io-manager-audit.md, I14; ReactOS IopCompleteRequest), and then Information is
/// not observable by any caller: the target says so instead of reporting a number it never saw.
/// </summary>
public static class IoStatusBlockReading
{
    /// <summary>Status the block starts with (not a status any driver returns: severity "informational", facility 0xEEE).</summary>
    public const int SentinelStatus = 0x6EEE_5EED;

    /// <summary>Information the block starts with.</summary>
    public const ulong SentinelInformation = 0xFEED_FACE_CAFE_BEEF;

    /// <summary>What the block says after a call that returned <paramref name="returnedStatus"/>.</summary>
    /// <param name="returnedStatus">NtDeviceIoControlFile's return value: the call's status.</param>
    /// <param name="blockStatus">IoStatus.Status as found after the call.</param>
    /// <param name="blockInformation">IoStatus.Information as found after the call.</param>
    public static IoStatusBlockResult Read(int returnedStatus, int blockStatus, ulong blockInformation)
    {
        if (blockStatus == SentinelStatus && blockInformation == SentinelInformation)
        {
            return new IoStatusBlockResult(returnedStatus, 0, InformationObserved: false, Mismatch: null);
        }

        // On a synchronous handle the return value is the final status and the block holds the same one.
        string? mismatch = blockStatus == returnedStatus
            ? null
            : $"NtDeviceIoControlFile returned 0x{returnedStatus:X8} but the IO_STATUS_BLOCK says 0x{blockStatus:X8}";
        return new IoStatusBlockResult(returnedStatus, blockInformation, InformationObserved: true, mismatch);
    }
}

/// <summary>The status and Information of a call as the caller saw them.</summary>
/// <param name="Status">The call's status (the return value).</param>
/// <param name="Information">IoStatus.Information; 0 when not observed.</param>
/// <param name="InformationObserved">False when the I/O manager left the block unwritten.</param>
/// <param name="Mismatch">Why the block disagrees with the return value, when it does.</param>
public sealed record IoStatusBlockResult(int Status, ulong Information, bool InformationObserved, string? Mismatch);
