namespace Conformance.Scenarios;

/// <summary>
/// NTSTATUS names and values (standard ntstatus.h values) so scenarios and reports speak the driver's language.
/// Only codes whose values are certain are listed; any other value can still be written in hex.
/// </summary>
public static class NtStatus
{
    /// <summary>STATUS_SUCCESS.</summary>
    public const int Success = 0;

    private static readonly (string Name, int Value)[] Table =
    [
        ("STATUS_SUCCESS", unchecked((int)0x00000000)),
        ("STATUS_WAIT_1", unchecked((int)0x00000001)),
        ("STATUS_ABANDONED", unchecked((int)0x00000080)),
        ("STATUS_USER_APC", unchecked((int)0x000000C0)),
        ("STATUS_ALERTED", unchecked((int)0x00000101)),
        ("STATUS_TIMEOUT", unchecked((int)0x00000102)),
        ("STATUS_PENDING", unchecked((int)0x00000103)),
        ("STATUS_REPARSE", unchecked((int)0x00000104)),
        ("STATUS_MORE_ENTRIES", unchecked((int)0x00000105)),
        ("STATUS_NOT_ALL_ASSIGNED", unchecked((int)0x00000106)),
        ("STATUS_SOME_NOT_MAPPED", unchecked((int)0x00000107)),
        ("STATUS_BUFFER_ALL_ZEROS", unchecked((int)0x00000117)),
        ("STATUS_OBJECT_NAME_EXISTS", unchecked((int)0x40000000)),
        ("STATUS_THREAD_WAS_SUSPENDED", unchecked((int)0x40000001)),
        ("STATUS_GUARD_PAGE_VIOLATION", unchecked((int)0x80000001)),
        ("STATUS_DATATYPE_MISALIGNMENT", unchecked((int)0x80000002)),
        ("STATUS_BREAKPOINT", unchecked((int)0x80000003)),
        ("STATUS_SINGLE_STEP", unchecked((int)0x80000004)),
        ("STATUS_BUFFER_OVERFLOW", unchecked((int)0x80000005)),
        ("STATUS_NO_MORE_FILES", unchecked((int)0x80000006)),
        ("STATUS_DEVICE_BUSY", unchecked((int)0x80000011)),
        ("STATUS_NO_MORE_ENTRIES", unchecked((int)0x8000001A)),
        ("STATUS_UNSUCCESSFUL", unchecked((int)0xC0000001)),
        ("STATUS_NOT_IMPLEMENTED", unchecked((int)0xC0000002)),
        ("STATUS_INVALID_INFO_CLASS", unchecked((int)0xC0000003)),
        ("STATUS_INFO_LENGTH_MISMATCH", unchecked((int)0xC0000004)),
        ("STATUS_ACCESS_VIOLATION", unchecked((int)0xC0000005)),
        ("STATUS_IN_PAGE_ERROR", unchecked((int)0xC0000006)),
        ("STATUS_PAGEFILE_QUOTA", unchecked((int)0xC0000007)),
        ("STATUS_INVALID_HANDLE", unchecked((int)0xC0000008)),
        ("STATUS_BAD_INITIAL_STACK", unchecked((int)0xC0000009)),
        ("STATUS_BAD_INITIAL_PC", unchecked((int)0xC000000A)),
        ("STATUS_INVALID_CID", unchecked((int)0xC000000B)),
        ("STATUS_TIMER_NOT_CANCELED", unchecked((int)0xC000000C)),
        ("STATUS_INVALID_PARAMETER", unchecked((int)0xC000000D)),
        ("STATUS_NO_SUCH_DEVICE", unchecked((int)0xC000000E)),
        ("STATUS_NO_SUCH_FILE", unchecked((int)0xC000000F)),
        ("STATUS_INVALID_DEVICE_REQUEST", unchecked((int)0xC0000010)),
        ("STATUS_END_OF_FILE", unchecked((int)0xC0000011)),
        ("STATUS_WRONG_VOLUME", unchecked((int)0xC0000012)),
        ("STATUS_NO_MEDIA_IN_DEVICE", unchecked((int)0xC0000013)),
        ("STATUS_UNRECOGNIZED_MEDIA", unchecked((int)0xC0000014)),
        ("STATUS_NONEXISTENT_SECTOR", unchecked((int)0xC0000015)),
        ("STATUS_MORE_PROCESSING_REQUIRED", unchecked((int)0xC0000016)),
        ("STATUS_NO_MEMORY", unchecked((int)0xC0000017)),
        ("STATUS_CONFLICTING_ADDRESSES", unchecked((int)0xC0000018)),
        ("STATUS_NOT_MAPPED_VIEW", unchecked((int)0xC0000019)),
        ("STATUS_UNABLE_TO_FREE_VM", unchecked((int)0xC000001A)),
        ("STATUS_UNABLE_TO_DELETE_SECTION", unchecked((int)0xC000001B)),
        ("STATUS_INVALID_SYSTEM_SERVICE", unchecked((int)0xC000001C)),
        ("STATUS_ILLEGAL_INSTRUCTION", unchecked((int)0xC000001D)),
        ("STATUS_INVALID_LOCK_SEQUENCE", unchecked((int)0xC000001E)),
        ("STATUS_INVALID_VIEW_SIZE", unchecked((int)0xC000001F)),
        ("STATUS_INVALID_FILE_FOR_SECTION", unchecked((int)0xC0000020)),
        ("STATUS_ALREADY_COMMITTED", unchecked((int)0xC0000021)),
        ("STATUS_ACCESS_DENIED", unchecked((int)0xC0000022)),
        ("STATUS_BUFFER_TOO_SMALL", unchecked((int)0xC0000023)),
        ("STATUS_OBJECT_TYPE_MISMATCH", unchecked((int)0xC0000024)),
        ("STATUS_NONCONTINUABLE_EXCEPTION", unchecked((int)0xC0000025)),
        ("STATUS_INVALID_DISPOSITION", unchecked((int)0xC0000026)),
        ("STATUS_UNWIND", unchecked((int)0xC0000027)),
        ("STATUS_BAD_STACK", unchecked((int)0xC0000028)),
        ("STATUS_INVALID_UNWIND_TARGET", unchecked((int)0xC0000029)),
        ("STATUS_NOT_LOCKED", unchecked((int)0xC000002A)),
        ("STATUS_PARITY_ERROR", unchecked((int)0xC000002B)),
        ("STATUS_UNABLE_TO_DECOMMIT_VM", unchecked((int)0xC000002C)),
        ("STATUS_NOT_COMMITTED", unchecked((int)0xC000002D)),
        ("STATUS_INVALID_PARAMETER_MIX", unchecked((int)0xC0000030)),
        ("STATUS_OBJECT_NAME_INVALID", unchecked((int)0xC0000033)),
        ("STATUS_OBJECT_NAME_NOT_FOUND", unchecked((int)0xC0000034)),
        ("STATUS_OBJECT_NAME_COLLISION", unchecked((int)0xC0000035)),
        ("STATUS_OBJECT_PATH_INVALID", unchecked((int)0xC0000039)),
        ("STATUS_OBJECT_PATH_NOT_FOUND", unchecked((int)0xC000003A)),
        ("STATUS_OBJECT_PATH_SYNTAX_BAD", unchecked((int)0xC000003B)),
        ("STATUS_DATA_OVERRUN", unchecked((int)0xC000003C)),
        ("STATUS_DATA_ERROR", unchecked((int)0xC000003E)),
        ("STATUS_CRC_ERROR", unchecked((int)0xC000003F)),
        ("STATUS_SHARING_VIOLATION", unchecked((int)0xC0000043)),
        ("STATUS_QUOTA_EXCEEDED", unchecked((int)0xC0000044)),
        ("STATUS_INVALID_PAGE_PROTECTION", unchecked((int)0xC0000045)),
        ("STATUS_DELETE_PENDING", unchecked((int)0xC0000056)),
        ("STATUS_PRIVILEGE_NOT_HELD", unchecked((int)0xC0000061)),
        ("STATUS_INVALID_IMAGE_FORMAT", unchecked((int)0xC000007B)),
        ("STATUS_NO_TOKEN", unchecked((int)0xC000007C)),
        ("STATUS_DISK_FULL", unchecked((int)0xC000007F)),
        ("STATUS_ARRAY_BOUNDS_EXCEEDED", unchecked((int)0xC000008C)),
        ("STATUS_FLOAT_DIVIDE_BY_ZERO", unchecked((int)0xC000008E)),
        ("STATUS_FLOAT_OVERFLOW", unchecked((int)0xC0000091)),
        ("STATUS_INTEGER_DIVIDE_BY_ZERO", unchecked((int)0xC0000094)),
        ("STATUS_INTEGER_OVERFLOW", unchecked((int)0xC0000095)),
        ("STATUS_PRIVILEGED_INSTRUCTION", unchecked((int)0xC0000096)),
        ("STATUS_INSUFFICIENT_RESOURCES", unchecked((int)0xC000009A)),
        ("STATUS_DEVICE_DATA_ERROR", unchecked((int)0xC000009C)),
        ("STATUS_DEVICE_NOT_CONNECTED", unchecked((int)0xC000009D)),
        ("STATUS_MEDIA_WRITE_PROTECTED", unchecked((int)0xC00000A2)),
        ("STATUS_DEVICE_NOT_READY", unchecked((int)0xC00000A3)),
        ("STATUS_PIPE_BUSY", unchecked((int)0xC00000AE)),
        ("STATUS_ILLEGAL_FUNCTION", unchecked((int)0xC00000AF)),
        ("STATUS_PIPE_DISCONNECTED", unchecked((int)0xC00000B0)),
        ("STATUS_IO_TIMEOUT", unchecked((int)0xC00000B5)),
        ("STATUS_FILE_IS_A_DIRECTORY", unchecked((int)0xC00000BA)),
        ("STATUS_NOT_SUPPORTED", unchecked((int)0xC00000BB)),
        ("STATUS_DEVICE_DOES_NOT_EXIST", unchecked((int)0xC00000C0)),
        ("STATUS_NOT_SAME_DEVICE", unchecked((int)0xC00000D4)),
        ("STATUS_INTERNAL_ERROR", unchecked((int)0xC00000E5)),
        ("STATUS_INVALID_USER_BUFFER", unchecked((int)0xC00000E8)),
        ("STATUS_INVALID_PARAMETER_1", unchecked((int)0xC00000EF)),
        ("STATUS_INVALID_PARAMETER_2", unchecked((int)0xC00000F0)),
        ("STATUS_INVALID_PARAMETER_3", unchecked((int)0xC00000F1)),
        ("STATUS_INVALID_PARAMETER_4", unchecked((int)0xC00000F2)),
        ("STATUS_STACK_OVERFLOW", unchecked((int)0xC00000FD)),
        ("STATUS_NOT_A_DIRECTORY", unchecked((int)0xC0000103)),
        ("STATUS_TOO_MANY_OPENED_FILES", unchecked((int)0xC000011F)),
        ("STATUS_CANCELLED", unchecked((int)0xC0000120)),
        ("STATUS_FILE_CLOSED", unchecked((int)0xC0000128)),
        ("STATUS_DLL_NOT_FOUND", unchecked((int)0xC0000135)),
        ("STATUS_PROCEDURE_NOT_FOUND", unchecked((int)0xC000007A)),
        ("STATUS_ENTRYPOINT_NOT_FOUND", unchecked((int)0xC0000139)),
        ("STATUS_CONTROL_C_EXIT", unchecked((int)0xC000013A)),
        ("STATUS_INVALID_ADDRESS", unchecked((int)0xC0000141)),
        ("STATUS_INVALID_LEVEL", unchecked((int)0xC0000148)),
        ("STATUS_PIPE_BROKEN", unchecked((int)0xC000014B)),
        ("STATUS_NO_MEDIA", unchecked((int)0xC0000178)),
        ("STATUS_INVALID_DEVICE_STATE", unchecked((int)0xC0000184)),
        ("STATUS_INSUFF_SERVER_RESOURCES", unchecked((int)0xC0000205)),
        ("STATUS_INVALID_BUFFER_SIZE", unchecked((int)0xC0000206)),
        ("STATUS_NOT_FOUND", unchecked((int)0xC0000225)),
        ("STATUS_CONNECTION_REFUSED", unchecked((int)0xC0000236)),
        ("STATUS_REQUEST_ABORTED", unchecked((int)0xC0000240)),
        ("STATUS_DEVICE_REMOVED", unchecked((int)0xC00002B6)),
        ("STATUS_HEAP_CORRUPTION", unchecked((int)0xC0000374)),
        ("STATUS_STACK_BUFFER_OVERRUN", unchecked((int)0xC0000409)),
        ("STATUS_ASSERTION_FAILURE", unchecked((int)0xC0000420)),
    ];

    private static readonly Dictionary<string, int> ByName = Table.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);

    private static readonly Dictionary<int, string> ByValue = Table.ToDictionary(e => e.Value, e => e.Name);

    /// <summary>Every known name, in value order within each severity as ntstatus.h lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Table.Select(e => e.Name)];

    /// <summary>The value of a STATUS_* name.</summary>
    public static bool TryGetValue(string name, out int value) => ByName.TryGetValue(name, out value);

    /// <summary>The STATUS_* name of a value, or null when the table does not know it.</summary>
    public static string? NameOf(int value) => ByValue.GetValueOrDefault(value);

    /// <summary>The name when known, else the value in hex: how reports print a status.</summary>
    public static string Format(int value) => NameOf(value) ?? $"0x{unchecked((uint)value):X8}";

    /// <summary>The severity class from the top two bits.</summary>
    public static StatusSeverity SeverityOf(int value) => (StatusSeverity)(unchecked((uint)value) >> 30);

    /// <summary>NT_SUCCESS: success and informational codes.</summary>
    public static bool IsSuccess(int value) => value >= 0;
}
