using System.Buffers.Binary;
using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// One pointer of a buffer on the wire (<see cref="BufferPointer"/>): u32 offset, u8 target (<see cref="PointerTarget"/>,
/// SIM_POINTER_TARGET), u8 width (4 or 8), u16 zero, i64 addend. A buffer carries a u16 count of them after its content;
/// SimHost hands them to the kernel, which resolves and writes them once it has placed the buffers.
/// </summary>
public static class PointerRecordFormat
{
    /// <summary>Bytes of one record.</summary>
    public const int RecordSize = sizeof(uint) + 1 + 1 + sizeof(ushort) + sizeof(long);

    /// <summary>Append <paramref name="value"/>.</summary>
    public static void Write(WireWriter writer, BufferPointer value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteUInt32(value.Offset);
        writer.WriteByte((byte)value.Target);
        writer.WriteByte((byte)value.Width);
        writer.WriteUInt16(0);
        writer.WriteUInt64(unchecked((ulong)value.Addend));
    }

    /// <summary>Decode the record at the start of <paramref name="record"/>, already checked by <see cref="Check"/>.</summary>
    public static BufferPointer Read(ReadOnlySpan<byte> record) => new(
        BinaryPrimitives.ReadUInt32LittleEndian(record),
        (PointerTarget)record[4],
        BinaryPrimitives.ReadInt64LittleEndian(record[8..]),
        record[5]);

    /// <summary>
    /// Check one pointer of a buffer of <paramref name="size"/> bytes: a known target, width 4 or 8, inside the
    /// buffer. Done on both ends, so a bad pointer is refused before anything is sent and never reaches the kernel.
    /// </summary>
    /// <exception cref="ProtocolException">What is wrong, in words.</exception>
    public static void Check(BufferPointer value, uint size, string which)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Enum.IsDefined(value.Target))
        {
            throw new ProtocolException($"A pointer of the {which} buffer has an unknown target {(int)value.Target}.");
        }

        if (value.Width is not (4 or 8))
        {
            throw new ProtocolException($"A pointer of the {which} buffer is {value.Width} bytes wide; pointers are 4 or 8.");
        }

        if (value.End > size)
        {
            throw new ProtocolException($"The pointer at offset {value.Offset} of the {which} buffer ends past its {size} bytes.");
        }
    }
}
