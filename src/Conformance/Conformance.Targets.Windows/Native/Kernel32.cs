using System.Runtime.InteropServices;

namespace Conformance.Targets.Windows.Native;

/// <summary>Virtual memory and thread placement (learn.microsoft.com memoryapi.h, processthreadsapi.h, winbase.h).</summary>
internal static partial class Kernel32
{
    public const uint MemCommit = 0x1000;
    public const uint MemReserve = 0x2000;
    public const uint MemDecommit = 0x4000;
    public const uint MemRelease = 0x8000;

    public const uint PageNoAccess = 0x01;
    public const uint PageReadOnly = 0x02;
    public const uint PageReadWrite = 0x04;

    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static partial nint VirtualAlloc(nint address, nuint size, uint allocationType, uint protect);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool VirtualProtect(nint address, nuint size, uint newProtect, out uint oldProtect);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool VirtualFree(nint address, nuint size, uint freeType);

    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static unsafe partial nuint VirtualQuery(nint address, MemoryBasicInformation* buffer, nuint length);

    [LibraryImport("kernel32.dll")]
    public static partial nint GetCurrentThread();

    [LibraryImport("kernel32.dll")]
    public static partial uint GetCurrentThreadId();

    [LibraryImport("kernel32.dll", SetLastError = true)]
    public static partial nuint SetThreadAffinityMask(nint thread, nuint affinityMask);
}

/// <summary>MEMORY_BASIC_INFORMATION (x64 layout).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct MemoryBasicInformation
{
    public nint BaseAddress;
    public nint AllocationBase;
    public uint AllocationProtect;
    public ushort PartitionId;
    public nuint RegionSize;
    public uint State;
    public uint Protect;
    public uint Type;
}
