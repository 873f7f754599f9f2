using System.Runtime.InteropServices;

namespace Conformance.SimHost.Native;

/// <summary>
/// The entry points of libsimkernel.so (simkernel.h). No SuppressGCTransition anywhere: a case can run for
/// seconds (racers, hangs) and the GC must still be able to suspend this thread meanwhile.
/// </summary>
internal static unsafe partial class SimKernelNative
{
    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimKernelBoot(int bugcheckFd, byte* secret, uint secretLength, SimKernelInfo* info);

    [LibraryImport(SimKernelLibrary.FileName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SimLoadDriver(string libraryPath, byte** registryNames, uint* registryValues, uint registryCount);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial void SimUnloadDriver();

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial byte* SimLastError();

    [LibraryImport(SimKernelLibrary.FileName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SimOpenDevice(string deviceName);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimCloseDevice();

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimExecuteCase(SimCase* simCase, SimCaseResult* result);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimTraceDrain(byte* buffer, uint capacity);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial ulong SimTraceLostCount();

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimAccessTraceRead(byte* records, uint capacity, ulong* dropped);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial void SimAccessTraceSetEnabled(int enabled);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimEdgeCoverageRead(uint* edgeCount, ulong* signature);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimEdgeCoverageEdges(ushort* slots, byte* hits, uint capacity);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial void SimKeepMappings(int keep);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial void SimCoverageFlush();

    [LibraryImport(SimKernelLibrary.FileName, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int SimSandboxSet(string hostFolder);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimDeviceName(uint index, byte* name, uint capacity);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial int SimSymbolicLink(uint index, byte* link, byte* target, uint capacity);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimFileAccessRead(SimFileAccessRecordNative* records, uint capacity, ulong* dropped);

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimFileAccessCount();

    [LibraryImport(SimKernelLibrary.FileName)]
    internal static partial uint SimFileAccessReadFrom(uint first, SimFileAccessRecordNative* records, uint capacity);
}
