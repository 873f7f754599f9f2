using System.Buffers.Binary;
using Conformance.Targets;

namespace Conformance.SimKernel.Tests;

/// <summary>The reference driver's control codes and well-formed calls (driver-under-test/README.md).</summary>
internal static class ReferenceDriver
{
    public const string Device = @"\Device\ConformanceSample";

    public const uint Ping = 0x8C012000;
    public const uint BufferedTransform = 0x8C012004;
    public const uint InDirectStore = 0x8C012009;
    public const uint OutDirectFetch = 0x8C01200E;
    public const uint NeitherTransform = 0x8C012013;
    public const uint NeitherRecords = 0x8C012017;
    public const uint SetConfig = 0x8C01A018;
    public const uint ResetConfig = 0x8C01201C;

    /// <summary>Every status the README documents for some IOCTL.</summary>
    public static readonly int[] DocumentedStatuses =
    [
        Status.Success, Status.AccessViolation, Status.InvalidParameter, Status.BufferTooSmall,
        Status.InvalidBufferSize, Status.IntegerOverflow, Status.InvalidDeviceRequest, Status.AccessDenied,
    ];

    /// <summary>A call with valid sizes for <paramref name="code"/>: (input, output).</summary>
    public static (BufferSpec Input, BufferSpec Output) WellFormed(uint code) => code switch
    {
        Ping => (BufferSpec.None, Rw(4)),
        BufferedTransform or NeitherTransform => (Pattern(16), Rw(16)),
        InDirectStore or OutDirectFetch => (BufferSpec.None, Pattern(16)),
        NeitherRecords => (Records(count: 2, elementSize: 4, totalSize: 16), Rw(8)),
        SetConfig => (Pattern(4), BufferSpec.None),
        ResetConfig => (BufferSpec.None, BufferSpec.None),
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static BufferSpec Rw(uint size) => new(BufferMemoryState.ReadWrite, size, 0, size, ReadOnlyMemory<byte>.Empty, 0x11);

    public static BufferSpec Pattern(uint size)
    {
        var bytes = Enumerable.Range(1, (int)size).Select(i => (byte)i).ToArray();
        return new BufferSpec(BufferMemoryState.ReadWrite, size, 0, size, bytes, 0);
    }

    /// <summary>SAMPLE_RECORDS_HEADER { Count, ElementSize } then a body, in a buffer of totalSize bytes.</summary>
    public static BufferSpec Records(uint count, uint elementSize, uint totalSize, uint? declared = null)
    {
        var bytes = new byte[totalSize];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, count);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), elementSize);
        for (int i = 8; i < bytes.Length; i++)
        {
            bytes[i] = 1;
        }

        return new BufferSpec(BufferMemoryState.ReadWrite, totalSize, 0, declared ?? totalSize, bytes, 0);
    }

    public static IoctlCall Call(uint code, BufferSpec input, BufferSpec output, RacerSpec? racer = null, string? id = null, uint grantedAccess = 3) =>
        new(id ?? $"reference-0x{code:X8}", code, grantedAccess, input, output, racer ?? RacerSpec.None);
}
