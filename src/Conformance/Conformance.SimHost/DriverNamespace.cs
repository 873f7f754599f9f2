using System.Runtime.InteropServices;
using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// What the driver made in the object namespace (devices, symbolic links) and did in the file namespace (its Zw
/// file calls), read from the kernel for Hello and for ReadFileAccesses.
/// </summary>
internal static unsafe class DriverNamespace
{
    // NAME_CAPACITY of objects.c.
    private const int NameCapacity = 256;

    public static IReadOnlyList<string> Devices()
    {
        var names = new List<string>();
        byte* name = stackalloc byte[NameCapacity];
        for (uint i = 0; i < ProtocolLimits.MaxNamespaceEntries && SimKernelNative.SimDeviceName(i, name, NameCapacity) != 0; i++)
        {
            names.Add(Marshal.PtrToStringUTF8((nint)name) ?? string.Empty);
        }

        return names;
    }

    public static IReadOnlyList<SymbolicLinkName> SymbolicLinks()
    {
        var links = new List<SymbolicLinkName>();
        byte* link = stackalloc byte[NameCapacity];
        byte* target = stackalloc byte[NameCapacity];
        for (uint i = 0; i < ProtocolLimits.MaxNamespaceEntries && SimKernelNative.SimSymbolicLink(i, link, target, NameCapacity) != 0; i++)
        {
            links.Add(new SymbolicLinkName(Marshal.PtrToStringUTF8((nint)link) ?? string.Empty, Marshal.PtrToStringUTF8((nint)target) ?? string.Empty));
        }

        return links;
    }

    public static FileAccessList FileAccesses()
    {
        var native = new SimFileAccessRecordNative[SimFileAccessRecordNative.Capacity];
        ulong dropped;
        uint count;
        fixed (SimFileAccessRecordNative* first = native)
        {
            count = SimKernelNative.SimFileAccessRead(first, (uint)native.Length, &dropped);
        }

        var records = new FileAccessRecord[count];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = Decode(ref native[i]);
        }

        return new FileAccessList(records, dropped);
    }

    /// <summary>
    /// Append the driver's file calls recorded from index <paramref name="first"/> on (at most <paramref name="limit"/>)
    /// to a CaseResult frame; returns how many. Cheap when there are none, as for most cases.
    /// </summary>
    public static uint WriteFileAccessesSince(uint first, WireWriter frame, uint limit)
    {
        if (SimKernelNative.SimFileAccessCount() <= first)
        {
            return 0;
        }

        var native = new SimFileAccessRecordNative[limit];
        uint count;
        fixed (SimFileAccessRecordNative* records = native)
        {
            count = SimKernelNative.SimFileAccessReadFrom(first, records, limit);
        }

        for (int i = 0; i < count; i++)
        {
            FileAccessList.WriteRecord(frame, Decode(ref native[i]));
        }

        return count;
    }

    private static FileAccessRecord Decode(ref SimFileAccessRecordNative record)
    {
        string path;
        fixed (byte* bytes = record.Path)
        {
            path = Marshal.PtrToStringUTF8((nint)bytes) ?? string.Empty;
        }

        return new FileAccessRecord(
            (FileOperation)record.Operation,
            record.Status,
            record.DesiredAccess,
            record.Disposition,
            record.CreateOptions,
            record.ShareAccess,
            record.ObjectAttributes,
            (FileAccessTraits)record.Flags,
            record.Information,
            record.Handle,
            path);
    }
}
