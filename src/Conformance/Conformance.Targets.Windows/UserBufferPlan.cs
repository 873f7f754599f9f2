namespace Conformance.Targets.Windows;

/// <summary>What the pointer of a buffer is.</summary>
public enum PointerKind
{
    /// <summary>A buffer of user pages this target allocated.</summary>
    User,

    /// <summary>NULL (the declared length is still passed).</summary>
    Null,

    /// <summary>A mapped kernel address (<see cref="KernelAddresses.Mapped"/>).</summary>
    Kernel,

    /// <summary>An unmapped kernel address (<see cref="KernelAddresses.Unmapped"/>).</summary>
    KernelInvalid,
}

/// <summary>The page protection a user buffer has when the call is made.</summary>
public enum PageProtection
{
    /// <summary>PAGE_READWRITE.</summary>
    ReadWrite,

    /// <summary>PAGE_READONLY.</summary>
    ReadOnly,

    /// <summary>PAGE_NOACCESS, committed.</summary>
    NoAccess,
}

/// <summary>
/// How one buffer of a call is laid out in user memory, decided from its <see cref="BufferSpec"/> alone, as the
/// simulator does it (SimKernel/src/usermem.c): the buffer's data pages, then one committed PAGE_NOACCESS page,
/// so a driver that runs past a buffer meets a real fault (a guard page of PAGE_GUARD would raise
/// STATUS_GUARD_PAGE_VIOLATION once and then become accessible: not what a guard tail means here).
/// A "freed" buffer is decommitted (MEM_DECOMMIT) but stays reserved, so no later allocation takes its address
/// during the case.
/// </summary>
/// <param name="Kind">What the pointer is.</param>
/// <param name="DataPages">Pages holding the buffer (0 unless <see cref="PointerKind.User"/>).</param>
/// <param name="OffsetInPages">Offset of the buffer's first byte from the start of its first page.</param>
/// <param name="Protection">Protection of the data pages when the call is made.</param>
/// <param name="Decommit">Decommit the data pages after filling them (the "freed" state).</param>
public sealed record UserBufferPlan(PointerKind Kind, uint DataPages, uint OffsetInPages, PageProtection Protection, bool Decommit)
{
    /// <summary>Bytes of address space the buffer takes: its data pages and the no-access page after them.</summary>
    public ulong ReservedBytes => Kind == PointerKind.User ? (DataPages + 1UL) * BufferSpec.PageSize : 0;

    /// <summary>Whether the buffer's bytes can be read back after the call (decommitted contents are gone).</summary>
    public bool CanReadBack => Kind == PointerKind.User && !Decommit;

    /// <summary>The plan for <paramref name="spec"/>.</summary>
    public static UserBufferPlan For(BufferSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        switch (spec.State)
        {
            case BufferMemoryState.Null:
                return new(PointerKind.Null, 0, 0, PageProtection.NoAccess, false);
            case BufferMemoryState.Kernel:
                return new(PointerKind.Kernel, 0, 0, PageProtection.NoAccess, false);
            case BufferMemoryState.KernelInvalid:
                return new(PointerKind.KernelInvalid, 0, 0, PageProtection.NoAccess, false);
            default:
                break;
        }

        if (spec.Offset >= BufferSpec.PageSize)
        {
            throw new ArgumentException($"buffer offset {spec.Offset} is not inside a page (0..{BufferSpec.PageSize - 1})", nameof(spec));
        }

        if (spec.State == BufferMemoryState.GuardTail)
        {
            // The last byte of the buffer is the last byte of a page: the next byte is the no-access page.
            uint pages = Math.Max(1, PagesFor(spec.Size));
            return new(PointerKind.User, pages, (uint)(pages * BufferSpec.PageSize - spec.Size), PageProtection.ReadWrite, false);
        }

        uint dataPages = Math.Max(1, PagesFor((ulong)spec.Offset + spec.Size));
        return spec.State switch
        {
            BufferMemoryState.ReadWrite => new(PointerKind.User, dataPages, spec.Offset, PageProtection.ReadWrite, false),
            BufferMemoryState.ReadOnly => new(PointerKind.User, dataPages, spec.Offset, PageProtection.ReadOnly, false),
            BufferMemoryState.NoAccess => new(PointerKind.User, dataPages, spec.Offset, PageProtection.NoAccess, false),
            BufferMemoryState.Decommitted => new(PointerKind.User, dataPages, spec.Offset, PageProtection.NoAccess, true),
            _ => throw new ArgumentException($"unknown buffer state {spec.State}", nameof(spec)),
        };
    }

    private static uint PagesFor(ulong bytes) => (uint)((bytes + BufferSpec.PageSize - 1) / BufferSpec.PageSize);
}
