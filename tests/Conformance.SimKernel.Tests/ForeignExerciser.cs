using System.Buffers.Binary;
using System.Text;
using Conformance.Targets;

namespace Conformance.SimKernel.Tests;

/// <summary>Requests of tests/drivers/foreign-exerciser (foreign_exerciser_ioctl.h) and the constants they carry.</summary>
internal static class ForeignExerciser
{
    public const string Device = @"\DosDevices\ForeignExerciser";

    public const uint FileRequest = 0x8C032400;
    public const uint PoolTypes = 0x8C032404;

    public const uint Write = 1;
    public const uint Read = 2;
    public const uint Query = 3;
    public const uint OpenTwice = 4;
    public const uint CloseBogus = 5;
    public const uint OpenFile = 6;

    // ZwCreateFile's parameters (wdm_files.h, ntdef_objects.h).
    public const uint GenericRead = 0x80000000;
    public const uint GenericWrite = 0x40000000;
    public const uint Synchronize = 0x00100000;
    public const uint FileReadAttributes = 0x80;
    public const uint Supersede = 0;
    public const uint Open = 1;
    public const uint Create = 2;
    public const uint OpenIf = 3;
    public const uint Overwrite = 4;
    public const uint OverwriteIf = 5;
    public const uint SynchronousIoNonAlert = 0x20;
    public const uint NonDirectoryFile = 0x40;
    public const uint ObjCaseInsensitive = 0x40;
    public const uint ObjKernelHandle = 0x200;
    public const uint ObjForceAccessCheck = 0x400;
    public const uint ShareRead = 1;

    public const ulong Superseded = 0;
    public const ulong Opened = 1;
    public const ulong Created = 2;
    public const ulong Overwritten = 3;

    public static string LibraryPath => Path.Combine(Simulator.RepositoryRoot, "tests/drivers/foreign-exerciser/build/libforeign_exerciser.so");

    private const int NameChars = 200;
    private const int DataBytes = 256;
    private const int RequestSize = 32 + (2 * NameChars) + DataBytes;
    private const int ReplySize = 40 + DataBytes;

    /// <summary>FOREIGN_FILE_REQUEST.</summary>
    public static IoctlCall FileCall(uint operation, string name, uint desiredAccess = GenericWrite | Synchronize,
        uint disposition = OpenIf, uint options = SynchronousIoNonAlert | NonDirectoryFile,
        uint attributes = ObjCaseInsensitive | ObjKernelHandle, uint share = ShareRead, string data = "", uint readOffset = 0)
    {
        var request = new byte[RequestSize];
        uint[] header = [operation, desiredAccess, disposition, options, attributes, share, (uint)data.Length, readOffset];
        for (int i = 0; i < header.Length; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(4 * i), header[i]);
        }

        Encoding.Unicode.GetBytes(name).CopyTo(request.AsSpan(32));
        Encoding.ASCII.GetBytes(data).CopyTo(request.AsSpan(32 + (2 * NameChars)));
        var input = new BufferSpec(BufferMemoryState.ReadWrite, RequestSize, 0, RequestSize, request, 0);
        var output = new BufferSpec(BufferMemoryState.ReadWrite, ReplySize, 0, ReplySize, ReadOnlyMemory<byte>.Empty, 0);
        return new IoctlCall($"foreign-file-{operation}", FileRequest, 3, input, output, RacerSpec.None);
    }

    /// <summary>FOREIGN_FILE_REPLY.</summary>
    public static FileReply ReadReply(CallOutcome outcome)
    {
        var bytes = (outcome.OutputAfter ?? throw new InvalidOperationException($"no output read back: {outcome.Detail}")).AsSpan();
        return new FileReply(
            BinaryPrimitives.ReadInt32LittleEndian(bytes),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(bytes[24..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[32..]) != 0,
            BinaryPrimitives.ReadInt32LittleEndian(bytes[36..]),
            Encoding.ASCII.GetString(bytes.Slice(40, (int)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]), DataBytes))));
    }

    public static IoctlCall PoolTypesCall() =>
        new("foreign-pool-types", PoolTypes, 3, BufferSpec.None, new BufferSpec(BufferMemoryState.ReadWrite, 4, 0, 4, ReadOnlyMemory<byte>.Empty, 0), RacerSpec.None);
}

/// <summary>What the driver saw: the create's status and result, then the transfer's, then the close's; Data is what a read returned.</summary>
internal sealed record FileReply(int CreateStatus, int IoStatus, ulong CreateInformation, ulong IoInformation, long EndOfFile, bool Directory, int CloseStatus, string Data);
