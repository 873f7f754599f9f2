using System.Runtime.InteropServices;

namespace Conformance.Targets.Windows.Native;

/// <summary>
/// The native API the target calls directly. NtDeviceIoControlFile, not kernel32's DeviceIoControl: the Win32
/// layer turns the NTSTATUS into a Win32 error and merges STATUS_ACCESS_VIOLATION and
/// STATUS_DATATYPE_MISALIGNMENT into one code (DESIGN.md section 2). Signatures: learn.microsoft.com
/// ddi/ntifs nf-ntifs-ntdeviceiocontrolfile, nf-ntifs-ntopenfile, nf-ntifs-ntclose.
/// </summary>
internal static partial class NtDll
{
    /// <summary>OBJ_CASE_INSENSITIVE.</summary>
    public const uint ObjCaseInsensitive = 0x40;

    /// <summary>FILE_SHARE_READ | FILE_SHARE_WRITE.</summary>
    public const uint FileShareReadWrite = 0x3;

    /// <summary>FILE_SYNCHRONOUS_IO_NONALERT: the I/O manager waits for completion, so a call returns its final status.</summary>
    public const uint FileSynchronousIoNonAlert = 0x20;

    /// <summary>SYNCHRONIZE, needed with FILE_SYNCHRONOUS_IO_NONALERT; no part of the IOCTL access check.</summary>
    public const uint Synchronize = 0x00100000;

    [LibraryImport("ntdll.dll")]
    public static unsafe partial int NtOpenFile(
        out nint fileHandle, uint desiredAccess, ObjectAttributes* objectAttributes, IoStatusBlock* ioStatusBlock, uint shareAccess, uint openOptions);

    [LibraryImport("ntdll.dll")]
    public static unsafe partial int NtDeviceIoControlFile(
        nint fileHandle, nint eventHandle, nint apcRoutine, nint apcContext, IoStatusBlock* ioStatusBlock,
        uint ioControlCode, nint inputBuffer, uint inputBufferLength, nint outputBuffer, uint outputBufferLength);

    [LibraryImport("ntdll.dll")]
    public static partial int NtClose(nint handle);

}

/// <summary>IO_STATUS_BLOCK (x64: a status/pointer union, then ULONG_PTR Information).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IoStatusBlock
{
    public nint StatusOrPointer;
    public nuint Information;
}

/// <summary>UNICODE_STRING: lengths in bytes, the buffer need not be terminated.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct UnicodeString
{
    public ushort Length;
    public ushort MaximumLength;
    public char* Buffer;
}

/// <summary>OBJECT_ATTRIBUTES (InitializeObjectAttributes with no root, no security descriptor).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct ObjectAttributes
{
    public uint Length;
    public nint RootDirectory;
    public UnicodeString* ObjectName;
    public uint Attributes;
    public nint SecurityDescriptor;
    public nint SecurityQualityOfService;
}
