namespace Conformance.Targets.Windows;

/// <summary>
/// The kernel addresses the Windows target passes for the <c>kernel</c> and <c>kernel_invalid</c> buffer states.
/// Both are above MmUserProbeAddress, so ProbeForRead/ProbeForWrite of them raise STATUS_ACCESS_VIOLATION in a
/// correct driver; what an unprobed access does differs, which is why there are two.
/// </summary>
public static class KernelAddresses
{
    /// <summary>
    /// KUSER_SHARED_DATA's fixed kernel-mode address on x64 (KI_USER_SHARED_DATA = 0xFFFFF78000000000 in wdm.h):
    /// always mapped, found without any privilege or query, the same on every boot. Used for INPUT buffers only: a
    /// driver that reads it without a probe gets the shared data page (no crash: the status is the evidence). On
    /// Windows 10 it is mapped read-write (MSRC blog, "Randomizing the KUSER_SHARED_DATA Structure on Windows", 2022),
    /// so an unprobed write there would corrupt live system data: OUTPUT buffers in the kernel state get
    /// <see cref="Unmapped"/> instead. Unlike the simulator's canary page, nothing on Windows tells afterwards
    /// whether a kernel page changed.
    /// </summary>
    public const ulong Mapped = 0xFFFFF78000000000;

    /// <summary>
    /// The lowest kernel-half canonical address (0xFFFF800000000000). Not mapped on x64 Windows as far as we know
    /// (UNVERIFIED: KASLR places the kernel's regions elsewhere); an unprobed touch is then bugcheck 0x50.
    /// </summary>
    public const ulong Unmapped = 0xFFFF800000000000;
}
