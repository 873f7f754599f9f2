namespace Conformance.Simulator.Protocol;

/// <summary>Version and size limits both ends enforce, so a corrupt length cannot make either side allocate gigabytes.</summary>
public static class ProtocolLimits
{
    /// <summary>Protocol version carried in Hello; the client refuses a host that speaks another one.</summary>
    public const ushort Version = 9;

    /// <summary>"SIMH" as a little-endian u32: the first bytes of Hello, so a stray peer is recognised at once.</summary>
    public const uint HelloMagic = 0x484D4953;

    /// <summary>u32 length + u8 kind.</summary>
    public const int FrameHeaderSize = 5;

    /// <summary>Largest frame body (kind + payload).</summary>
    public const int MaxFrameBytes = 64 * 1024 * 1024;

    /// <summary>Largest real size of one user buffer.</summary>
    public const int MaxBufferBytes = 16 * 1024 * 1024;

    /// <summary>Most pointers one buffer carries (<see cref="PointerRecordFormat"/>).</summary>
    public const int MaxPointersPerBuffer = 256;

    /// <summary>
    /// Largest case id in UTF-8 bytes. The native trace ring stores 255 bytes of it (the bugcheck record 511):
    /// a longer id would be cut there and its events would no longer match their case.
    /// </summary>
    public const int MaxCaseIdBytes = 255;

    /// <summary>Largest amount of trace-event bytes attached to one case result; the rest is counted as lost.</summary>
    public const int MaxEventBytesPerCase = 4 * 1024 * 1024;

    /// <summary>Access records in one case result: SIM_ACCESS_TRACE_CAPACITY, the native trace's size.</summary>
    public const uint MaxAccessRecordsPerCase = 4096;

    /// <summary>File-access records in one case result (SimHost sends at most this many of a case's Zw file calls).</summary>
    public const uint MaxFileAccessRecordsPerCase = 64;

    /// <summary>Most device objects or symbolic links one Hello lists (the kernel keeps 8 of each).</summary>
    public const int MaxNamespaceEntries = 256;

    /// <summary>Most file-access records one FileAccesses frame carries: SIM_FILE_ACCESS_CAPACITY, the native list's size.</summary>
    public const int MaxFileAccessRecords = 4096;

    /// <summary>Largest length of a text field (paths, messages).</summary>
    public const int MaxStringBytes = 64 * 1024;
}
