using System.Runtime.InteropServices;

namespace Conformance.SimHost.Native;

/// <summary>SIM_FILE_ACCESS_RECORD (simkernel_namespace.h): fixed-size fields, the path a NUL-terminated UTF-8 array.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SimFileAccessRecordNative
{
    /// <summary>SIM_FILE_PATH_CAPACITY.</summary>
    public const int PathCapacity = 512;

    /// <summary>SIM_FILE_ACCESS_CAPACITY: the kernel keeps this many records.</summary>
    public const int Capacity = 4096;

    public uint Operation;
    public int Status;
    public uint DesiredAccess;
    public uint Disposition;
    public uint CreateOptions;
    public uint ShareAccess;
    public uint ObjectAttributes;
    public uint Flags;
    public ulong Information;
    public ulong Handle;
    public fixed byte Path[PathCapacity];
}
