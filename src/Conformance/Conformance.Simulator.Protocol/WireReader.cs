using System.Buffers.Binary;
using System.Text;

namespace Conformance.Simulator.Protocol;

/// <summary>Reads the fields <see cref="WireWriter"/> wrote, checking every length against what is left.</summary>
public ref struct WireReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Reads <paramref name="data"/> from its start.</summary>
    public WireReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        _position = 0;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public readonly int Position => _position;

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _data.Length - _position;

    /// <summary>Read one byte.</summary>
    public byte ReadByte() => Take(1)[0];

    /// <summary>Read a little-endian u16.</summary>
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(sizeof(ushort)));

    /// <summary>Read a little-endian u32.</summary>
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(sizeof(uint)));

    /// <summary>Read a little-endian i32.</summary>
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Take(sizeof(int)));

    /// <summary>Read a little-endian u64.</summary>
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(sizeof(ulong)));

    /// <summary>Read <paramref name="count"/> raw bytes (a view, not a copy).</summary>
    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    /// <summary>Read a u32 length and that many bytes, at most <paramref name="limit"/>.</summary>
    public ReadOnlySpan<byte> ReadSizedBytes(int limit)
    {
        uint length = ReadUInt32();
        if (length > (uint)limit)
        {
            throw new ProtocolException($"Field of {length} bytes at offset {_position - sizeof(uint)} exceeds the limit of {limit} bytes.");
        }

        return Take((int)length);
    }

    /// <summary>Read a u32 element count, at most <paramref name="limit"/> (<paramref name="what"/> names the elements in the error).</summary>
    public int ReadCount(int limit, string what)
    {
        uint count = ReadUInt32();
        return count <= (uint)limit
            ? (int)count
            : throw new ProtocolException($"{count} {what} at offset {_position - sizeof(uint)} exceed the limit of {limit}.");
    }

    /// <summary>Read a u32 length and UTF-8 text.</summary>
    public string ReadString() => Encoding.UTF8.GetString(ReadSizedBytes(ProtocolLimits.MaxStringBytes));

    /// <summary>Read a case id written by <see cref="WireWriter.WriteCaseId"/>; the returned view includes the NUL.</summary>
    public ReadOnlySpan<byte> ReadCaseIdWithNul()
    {
        ushort length = ReadUInt16();
        if (length > ProtocolLimits.MaxCaseIdBytes)
        {
            throw new ProtocolException($"Case id of {length} bytes exceeds the limit of {ProtocolLimits.MaxCaseIdBytes} bytes.");
        }

        var withNul = Take(length + 1);
        if (withNul[length] != 0 || withNul[..length].Contains((byte)0))
        {
            throw new ProtocolException($"Case id at offset {_position - length - 1} is not a NUL-terminated string.");
        }

        return withNul;
    }

    /// <summary>Fail unless every byte was read: trailing bytes mean the two ends disagree on the layout.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new ProtocolException($"{Remaining} unexpected bytes after the end of the message.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ProtocolException($"Message truncated: needed {count} bytes at offset {_position}, {Remaining} left.");
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }
}
