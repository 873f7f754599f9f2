using System.Globalization;
using Conformance.Scenarios;

namespace Conformance.Simulator.Protocol;

/// <summary>NTSTATUS values as people read them in messages, e.g. "0xC0000135 (STATUS_DLL_NOT_FOUND)".</summary>
public static class NtStatusText
{
    /// <summary>Hex and, when the engine's status table knows it, the DDK name.</summary>
    public static string Describe(int status)
    {
        string hex = "0x" + ((uint)status).ToString("X8", CultureInfo.InvariantCulture);
        return NtStatus.NameOf(status) is { } name ? $"{hex} ({name})" : hex;
    }

    /// <summary>NT_SUCCESS: severity success or informational.</summary>
    public static bool IsSuccess(int status) => NtStatus.IsSuccess(status);
}
