namespace Conformance.Targets;

/// <summary>How a user buffer's memory looks when the call is made (DESIGN.md section 4).</summary>
public enum BufferMemoryState
{
    /// <summary>Committed, readable and writable.</summary>
    ReadWrite = 0,

    /// <summary>Committed, read-only.</summary>
    ReadOnly = 1,

    /// <summary>Committed, no access (PAGE_NOACCESS / PROT_NONE).</summary>
    NoAccess = 2,

    /// <summary>Freed: the range stays reserved but is decommitted.</summary>
    Decommitted = 3,

    /// <summary>Read-write, ending exactly at a no-access page.</summary>
    GuardTail = 4,

    /// <summary>The pointer is NULL; the declared length is still passed.</summary>
    Null = 5,

    /// <summary>The pointer is a valid kernel address (simulator: the canary page for output, the secret page for input).</summary>
    Kernel = 6,

    /// <summary>The pointer is an unmapped kernel address: any touch is bugcheck 0x50 (HLK uses 0xFFFFFC00-style pointers).</summary>
    KernelInvalid = 7,
}

/// <summary>What a buffer state means for the caller after the call.</summary>
public static class BufferMemoryStates
{
    /// <summary>
    /// The caller can read the buffer's bytes back after the call (committed and readable): what a later call of a
    /// sequence can copy from, whether the sequence is a scenario's steps or a fuzz input.
    /// </summary>
    public static bool ReadableAfterCall(this BufferMemoryState state) =>
        state is BufferMemoryState.ReadWrite or BufferMemoryState.ReadOnly or BufferMemoryState.GuardTail;
}
