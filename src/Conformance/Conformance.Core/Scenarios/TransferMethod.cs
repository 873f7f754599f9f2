namespace Conformance.Scenarios;

/// <summary>How the I/O manager moves an IOCTL's buffers: bits 1..0 of the control code (METHOD_*).</summary>
public enum TransferMethod
{
    /// <summary>METHOD_BUFFERED: copied through a system buffer.</summary>
    Buffered = 0,

    /// <summary>METHOD_IN_DIRECT: input buffered, output locked as an MDL probed for read.</summary>
    InDirect = 1,

    /// <summary>METHOD_OUT_DIRECT: input buffered, output locked as an MDL probed for write.</summary>
    OutDirect = 2,

    /// <summary>METHOD_NEITHER: raw user pointers; the driver must probe them itself.</summary>
    Neither = 3,
}
