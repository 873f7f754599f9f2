namespace Conformance.Scenarios;

/// <summary>
/// A profile's <c>sequences:</c> entry: IOCTLs that share an object by a handle (or id) the driver hands out. One IOCTL
/// creates the object and returns its handle, others use it, others release it; each takes the handle at the same place
/// in its input. <c>conformance generate</c> writes the call sequences of docs/discover-generate.md from it (use after
/// release, double release, a stale or never-created handle).
/// </summary>
/// <param name="Name">Names the generated folder (sequence-NAME/); [a-z0-9_-].</param>
/// <param name="Create">The IOCTL that creates the object and returns its handle.</param>
/// <param name="Handle">Where the handle sits in the create call's buffers.</param>
/// <param name="Use">IOCTLs that take the handle and use the object (may be empty).</param>
/// <param name="Release">IOCTLs that take the handle and free the object (at least one).</param>
/// <param name="HandleAt">The handle's offset in the input of every use and release IOCTL.</param>
public sealed record ObjectSequence(
    string Name,
    IoctlDefinition Create,
    HandleLocation Handle,
    IReadOnlyList<IoctlDefinition> Use,
    IReadOnlyList<IoctlDefinition> Release,
    uint HandleAt)
{
    /// <summary>Free text (the profile's <c>description</c>), repeated in the generated files' header; null for none.</summary>
    public string? Description { get; init; }

    /// <summary>The status create, use and release return with a live handle; null when the profile does not say.</summary>
    public int? SuccessStatus { get; init; }

    /// <summary>The status a use or release returns for a handle that names no live object; null when the profile does not say.</summary>
    public int? InvalidHandleStatus { get; init; }
}

/// <summary>Where the create IOCTL writes the handle: which buffer, at what offset, how many bytes.</summary>
/// <param name="InOutput">True for the output buffer (the usual), false for the input (a METHOD_NEITHER driver writing back).</param>
/// <param name="Offset">Byte offset of the handle in that buffer.</param>
/// <param name="Size">Handle bytes (4 for a ULONG id, 8 for a HANDLE or ULONG64).</param>
public sealed record HandleLocation(bool InOutput, uint Offset, uint Size)
{
    /// <summary>The buffer's name in a scenario's <c>copies: from</c> (create.output or create.input).</summary>
    public string Buffer => InOutput ? "output" : "input";
}
