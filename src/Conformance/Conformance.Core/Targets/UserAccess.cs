namespace Conformance.Targets;

/// <summary>What one touch of user memory was (SIM_ACCESS_* in simkernel.h).</summary>
[Flags]
public enum UserAccessKind
{
    /// <summary>A load, outside any __try, with no probe covering it.</summary>
    None = 0,

    /// <summary>A store; otherwise a load.</summary>
    Write = 0x1,

    /// <summary>Inside a live __try of the driver.</summary>
    InTry = 0x2,

    /// <summary>Covered by a ProbeForRead/ProbeForWrite of this call (a write only by ProbeForWrite).</summary>
    Probed = 0x4,
}

/// <summary>
/// One touch of a user address by the driver's own code during a call (or a run of adjacent touches by the same
/// code with the same flags): what the access trace saw (DESIGN.md section 4, issue 13). Touches are in the order
/// the driver made them; a touch that then faulted is in the trace too.
/// </summary>
/// <param name="Address">The first user address touched.</param>
/// <param name="Size">Bytes touched.</param>
/// <param name="Kind">Read or write, inside __try, covered by a probe.</param>
/// <param name="Code">The touching code (the return address of its instrumentation call), symbolized where the debug information says; null when not in the driver.</param>
public sealed record UserAccess(ulong Address, uint Size, UserAccessKind Kind, CodeLocation? Code)
{
    /// <summary>A store.</summary>
    public bool IsWrite => (Kind & UserAccessKind.Write) != 0;

    /// <summary>Inside a live __try.</summary>
    public bool InTry => (Kind & UserAccessKind.InTry) != 0;

    /// <summary>Covered by a probe of this call.</summary>
    public bool Probed => (Kind & UserAccessKind.Probed) != 0;

    /// <summary>One past the last byte touched.</summary>
    public ulong End => Address + Size;
}

/// <summary>The access trace of one call: the touches, in order, and how many did not fit.</summary>
/// <param name="Accesses">The recorded touches.</param>
/// <param name="Dropped">Touches not recorded (the trace was full): the judge says so rather than pass on a partial trace.</param>
public sealed record UserAccessTrace(IReadOnlyList<UserAccess> Accesses, ulong Dropped)
{
    /// <summary>The input pointer the caller passed (Type3InputBuffer for METHOD_NEITHER): touches are told as offsets from it.</summary>
    public ulong InputAddress { get; init; }

    /// <summary>The output pointer the caller passed (UserBuffer).</summary>
    public ulong OutputAddress { get; init; }

    /// <summary>An empty, complete trace.</summary>
    public static UserAccessTrace Empty { get; } = new([], 0);
}
