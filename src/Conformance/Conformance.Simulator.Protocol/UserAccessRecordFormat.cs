using System.Buffers.Binary;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// One SIM_ACCESS_RECORD as SimAccessTraceRead returns it (simkernel.h): u64 Address, u64 ReturnAddress (an offset
/// into the driver's module when <see cref="DriverOffset"/> is set), u32 Size, u32 Flags (SIM_ACCESS_*).
/// </summary>
/// <param name="Address">First user address touched.</param>
/// <param name="ReturnAddress">The touching code's return address, or its offset in the driver.</param>
/// <param name="Size">Bytes touched.</param>
/// <param name="Flags">SIM_ACCESS_* bits.</param>
public readonly record struct UserAccessRecord(ulong Address, ulong ReturnAddress, uint Size, uint Flags)
{
    /// <summary>Encoded size, the native struct's.</summary>
    public const int EncodedSize = (2 * sizeof(ulong)) + (2 * sizeof(uint));

    /// <summary>SIM_ACCESS_WRITE | SIM_ACCESS_IN_TRY | SIM_ACCESS_PROBED, the bits the engine judges.</summary>
    public const uint JudgedBits = 0x7;

    /// <summary>SIM_ACCESS_DRIVER_OFFSET: <see cref="ReturnAddress"/> is an offset into the driver's module.</summary>
    public const uint DriverOffsetBit = 0x8;

    /// <summary>Whether <see cref="ReturnAddress"/> is an offset into the driver's module.</summary>
    public bool DriverOffset => (Flags & DriverOffsetBit) != 0;
}

/// <summary>Reads the access records of a CaseResult frame (SimHost forwards the native array unchanged).</summary>
public static class UserAccessRecordFormat
{
    /// <summary>Bytes of one record.</summary>
    public const int RecordSize = UserAccessRecord.EncodedSize;

    /// <summary>Decode <paramref name="count"/> records from exactly <paramref name="data"/>.</summary>
    /// <exception cref="ProtocolException">The byte count does not match.</exception>
    public static UserAccessRecord[] DecodeAll(ReadOnlySpan<byte> data, uint count)
    {
        if ((ulong)data.Length != (ulong)count * RecordSize)
        {
            throw new ProtocolException($"{count} access records need {(ulong)count * RecordSize} bytes, the frame has {data.Length}.");
        }

        var records = new UserAccessRecord[count];
        for (int i = 0; i < records.Length; i++)
        {
            var bytes = data.Slice(i * RecordSize, RecordSize);
            records[i] = new UserAccessRecord(
                BinaryPrimitives.ReadUInt64LittleEndian(bytes),
                BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]),
                BinaryPrimitives.ReadUInt32LittleEndian(bytes[20..]));
        }

        return records;
    }
}
