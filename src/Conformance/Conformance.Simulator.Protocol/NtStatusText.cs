using System.Globalization;

namespace Conformance.Simulator.Protocol;

/// <summary>NTSTATUS values as people read them in messages, e.g. "0xC0000135 (STATUS_DLL_NOT_FOUND)".</summary>
public static class NtStatusText
{
    /// <summary>Hex and, for the statuses start-up can produce, the DDK name.</summary>
    public static string Describe(int status)
    {
        string hex = "0x" + ((uint)status).ToString("X8", CultureInfo.InvariantCulture);
        string? name = (uint)status switch
        {
            0x00000000 => "STATUS_SUCCESS",
            0xC0000001 => "STATUS_UNSUCCESSFUL",
            0xC0000005 => "STATUS_ACCESS_VIOLATION",
            0xC000000D => "STATUS_INVALID_PARAMETER",
            0xC0000010 => "STATUS_INVALID_DEVICE_REQUEST",
            0xC0000022 => "STATUS_ACCESS_DENIED",
            0xC0000023 => "STATUS_BUFFER_TOO_SMALL",
            0xC0000034 => "STATUS_OBJECT_NAME_NOT_FOUND",
            0xC000007A => "STATUS_PROCEDURE_NOT_FOUND",
            0xC000009A => "STATUS_INSUFFICIENT_RESOURCES",
            0xC0000135 => "STATUS_DLL_NOT_FOUND",
            0xC00000BB => "STATUS_NOT_SUPPORTED",
            _ => null,
        };
        return name is null ? hex : $"{hex} ({name})";
    }

    /// <summary>NT_SUCCESS: severity success or informational.</summary>
    public static bool IsSuccess(int status) => status >= 0;
}
