using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Conformance.Targets.Windows.Native;

namespace Conformance.Targets.Windows;

/// <summary>
/// The address space the Windows target builds its user buffers in: one VirtualAlloc reservation for the whole
/// run, carved per case by <see cref="UserBufferPlan"/>, and decommitted (never released) after each case, so a
/// "freed" buffer's address cannot be handed to anything else while the driver may still hold it.
/// Managed code never reads a page that is not readable: read-back asks VirtualQuery and lifts the
/// protection to read-only for the copy (the pages are decommitted right after).
/// NOT YET RUN ON WINDOWS; under Wine (docs/wine.md) it runs for real.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class UserRegion : IDisposable
{
    private const uint Page = BufferSpec.PageSize;
    private readonly nint start;
    private readonly ulong length;
    private ulong used;

    /// <summary>Reserve <paramref name="bytes"/> of address space (no memory is committed yet).</summary>
    public UserRegion(ulong bytes)
    {
        length = bytes;
        start = Kernel32.VirtualAlloc(0, (nuint)bytes, Kernel32.MemReserve, Kernel32.PageNoAccess);
        if (start == 0)
        {
            throw new InvalidOperationException($"VirtualAlloc could not reserve {bytes >> 20} MiB for the user buffers (error {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>
    /// Place one buffer: commit its pages read-write and fill them; returns the pointer the call passes. The pointers
    /// it carries are written next (<see cref="WindowsPointers"/>), then <see cref="Seal"/> gives it its state.
    /// </summary>
    public UserBuffer Place(BufferSpec spec, bool isOutput)
    {
        var plan = UserBufferPlan.For(spec);
        switch (plan.Kind)
        {
            case PointerKind.Null:
                return new UserBuffer(spec, plan, 0, 0);
            case PointerKind.Kernel:
                // An output is written: the one always-mapped kernel address is live, writable system data on Windows 10
                // (KUSER_SHARED_DATA), so a driver that skips its probe must meet the unmapped one instead (0x50).
                return new UserBuffer(spec, plan, unchecked((nint)(isOutput ? KernelAddresses.Unmapped : KernelAddresses.Mapped)), 0);
            case PointerKind.KernelInvalid:
                return new UserBuffer(spec, plan, unchecked((nint)KernelAddresses.Unmapped), 0);
            default:
                break;
        }

        nint pages = Take(plan.ReservedBytes, spec.Size);
        nuint dataBytes = (nuint)plan.DataPages * Page;
        Check(Kernel32.VirtualAlloc(pages, dataBytes, Kernel32.MemCommit, Kernel32.PageReadWrite) != 0, "commit");
        // The page after the data is committed no-access: a real fault for a driver running past the buffer.
        Check(Kernel32.VirtualAlloc(pages + (nint)dataBytes, Page, Kernel32.MemCommit, Kernel32.PageNoAccess) != 0, "commit the guard page");
        nint pointer = pages + (nint)plan.OffsetInPages;
        unsafe
        {
            spec.InitialBytes().CopyTo(new Span<byte>((void*)pointer, (int)spec.Size));
        }

        return new UserBuffer(spec, plan, pointer, pages);
    }

    /// <summary>Give a placed buffer its state: protect its pages, or decommit them (the "freed" state).</summary>
    public static void Seal(UserBuffer buffer)
    {
        var plan = buffer.Plan;
        nuint dataBytes = (nuint)plan.DataPages * Page;
        if (plan.Kind != PointerKind.User)
        {
            return;
        }

        if (plan.Decommit)
        {
            Check(Kernel32.VirtualFree(buffer.Pages, dataBytes, Kernel32.MemDecommit), "decommit");
        }
        else if (plan.Protection != PageProtection.ReadWrite)
        {
            Check(Kernel32.VirtualProtect(buffer.Pages, dataBytes, ProtectionOf(plan.Protection), out _), "protect");
        }
    }

    /// <summary>Write a pointer's value into a placed, not yet sealed buffer (nothing for a NULL or kernel pointer).</summary>
    public static void Write(UserBuffer buffer, BufferPointer pointer, ulong value)
    {
        if (buffer.Plan.Kind != PointerKind.User)
        {
            return;
        }

        unsafe
        {
            pointer.WriteInto(new Span<byte>((void*)buffer.Pointer, (int)buffer.Spec.Size), value);
        }
    }

    /// <summary>A committed PAGE_NOACCESS page of this case: a probe of it passes, a touch faults.</summary>
    public nint NoAccessPage()
    {
        nint page = Take(Page, Page);
        Check(Kernel32.VirtualAlloc(page, Page, Kernel32.MemCommit, Kernel32.PageNoAccess) != 0, "commit the no-access page");
        return page;
    }

    private nint Take(ulong bytes, uint size)
    {
        if (used + bytes > length)
        {
            throw new InvalidOperationException($"a {size}-byte buffer does not fit the {length >> 20} MiB user region of one case");
        }

        nint pages = start + (nint)used;
        used += bytes;
        return pages;
    }

    /// <summary>The buffer's bytes after the call, or null when they are gone (decommitted) or not user memory.</summary>
    public static byte[]? ReadBack(UserBuffer buffer)
    {
        if (!buffer.Plan.CanReadBack)
        {
            return null;
        }

        nuint dataBytes = (nuint)buffer.Plan.DataPages * Page;
        MemoryBasicInformation info;
        unsafe
        {
            if (Kernel32.VirtualQuery(buffer.Pages, &info, (nuint)sizeof(MemoryBasicInformation)) == 0 || info.State != Kernel32.MemCommit)
            {
                return null; // the driver or a racer decommitted it: nothing to read
            }
        }

        if ((info.Protect & (Kernel32.PageReadOnly | Kernel32.PageReadWrite)) == 0
            && !Kernel32.VirtualProtect(buffer.Pages, dataBytes, Kernel32.PageReadOnly, out _))
        {
            return null;
        }

        var bytes = new byte[buffer.Spec.Size];
        unsafe
        {
            new ReadOnlySpan<byte>((void*)buffer.Pointer, bytes.Length).CopyTo(bytes);
        }

        return bytes;
    }

    /// <summary>Set the data pages' protection (the protection racer); false when Windows refused.</summary>
    public static bool Protect(UserBuffer buffer, bool accessible) =>
        buffer.Plan.Kind == PointerKind.User && Kernel32.VirtualProtect(buffer.Pages, (nuint)buffer.Plan.DataPages * Page,
            accessible ? ProtectionOf(buffer.Plan.Protection) : Kernel32.PageNoAccess, out _);

    /// <summary>Decommit every page of the case; the next case starts at the region's start again.</summary>
    public void ReleaseCase()
    {
        if (used > 0)
        {
            Check(Kernel32.VirtualFree(start, (nuint)used, Kernel32.MemDecommit), "decommit the case's pages of");
            used = 0;
        }
    }

    private static uint ProtectionOf(PageProtection protection) => protection switch
    {
        PageProtection.ReadWrite => Kernel32.PageReadWrite,
        PageProtection.ReadOnly => Kernel32.PageReadOnly,
        _ => Kernel32.PageNoAccess,
    };

    private static void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"VirtualAlloc/VirtualProtect/VirtualFree failed to {what} a user buffer (error {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (start != 0)
        {
            Kernel32.VirtualFree(start, 0, Kernel32.MemRelease);
        }
    }
}

/// <summary>One buffer of a call as built in the user region.</summary>
/// <param name="Spec">What the scenario asked for.</param>
/// <param name="Plan">How it was laid out.</param>
/// <param name="Pointer">The pointer passed to NtDeviceIoControlFile.</param>
/// <param name="Pages">Start of its data pages (0 unless user memory).</param>
internal sealed record UserBuffer(BufferSpec Spec, UserBufferPlan Plan, nint Pointer, nint Pages);
