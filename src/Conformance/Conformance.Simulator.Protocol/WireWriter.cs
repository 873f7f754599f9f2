using System.Buffers.Binary;
using System.Text;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// Builds frames into one reusable buffer so a message leaves in a single socket write and
/// steady-state sending allocates nothing. SimHost asks for a pinned buffer because the
/// native kernel reads buffer contents back straight into the frame it is building.
/// </summary>
public sealed class WireWriter
{
    private readonly bool _pinned;
    private byte[] _buffer;
    private int _length;
    private int _frameStart = -1;

    /// <summary>Creates a writer.</summary>
    /// <param name="initialCapacity">Starting buffer size; it grows on demand.</param>
    /// <param name="pinned">Allocate on the pinned object heap so raw pointers into it stay valid.</param>
    public WireWriter(int initialCapacity = 4096, bool pinned = false)
    {
        _pinned = pinned;
        _buffer = Allocate(Math.Max(initialCapacity, 64));
    }

    /// <summary>Bytes written since the last <see cref="Reset"/>.</summary>
    public int Length => _length;

    /// <summary>The bytes written so far.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    /// <summary>The bytes written so far.</summary>
    public ReadOnlyMemory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    /// <summary>Forget everything written; keep the buffer.</summary>
    public void Reset()
    {
        _length = 0;
        _frameStart = -1;
    }

    /// <summary>Start a frame: reserve the length prefix and write the kind.</summary>
    public void BeginFrame(MessageKind kind)
    {
        if (_frameStart >= 0)
        {
            throw new InvalidOperationException("A frame is already open.");
        }

        _frameStart = _length;
        Advance(sizeof(uint));
        WriteByte((byte)kind);
    }

    /// <summary>Close the open frame by writing its length prefix.</summary>
    public void EndFrame()
    {
        if (_frameStart < 0)
        {
            throw new InvalidOperationException("No frame is open.");
        }

        int bodyLength = _length - _frameStart - sizeof(uint);
        if (bodyLength > ProtocolLimits.MaxFrameBytes)
        {
            throw new ProtocolException($"Frame of {bodyLength} bytes exceeds the limit of {ProtocolLimits.MaxFrameBytes} bytes.");
        }

        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_frameStart), (uint)bodyLength);
        _frameStart = -1;
    }

    /// <summary>Make room for <paramref name="count"/> more bytes without moving them later.</summary>
    public void EnsureCapacity(int count)
    {
        long needed = (long)_length + count;
        if (needed <= _buffer.Length)
        {
            return;
        }

        if (needed > ProtocolLimits.MaxFrameBytes + (long)ProtocolLimits.FrameHeaderSize)
        {
            throw new ProtocolException($"Message of {needed} bytes exceeds the frame limit of {ProtocolLimits.MaxFrameBytes} bytes.");
        }

        long newSize = Math.Max(needed, (long)_buffer.Length * 2);
        newSize = Math.Min(newSize, ProtocolLimits.MaxFrameBytes + (long)ProtocolLimits.FrameHeaderSize);
        var bigger = Allocate((int)newSize);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        _buffer = bigger;
    }

    /// <summary>Reserve <paramref name="count"/> bytes and return their offset; fill them later with <see cref="GetSpan"/>.</summary>
    public int Advance(int count)
    {
        EnsureCapacity(count);
        int offset = _length;
        _length += count;
        return offset;
    }

    /// <summary>Drop bytes past <paramref name="length"/> (used to give back an unused reservation).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, _length);
        _length = length;
    }

    /// <summary>A writable view of bytes already reserved. Valid until the next call that can grow the buffer.</summary>
    public Span<byte> GetSpan(int offset, int count) => _buffer.AsSpan(offset, count);

    /// <summary>Write one byte.</summary>
    public void WriteByte(byte value)
    {
        EnsureCapacity(1);
        _buffer[_length++] = value;
    }

    /// <summary>Write a little-endian u16.</summary>
    public void WriteUInt16(ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Take(sizeof(ushort)), value);

    /// <summary>Write a little-endian u32.</summary>
    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Take(sizeof(uint)), value);

    /// <summary>Write a little-endian i32.</summary>
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32LittleEndian(Take(sizeof(int)), value);

    /// <summary>Write a little-endian u64.</summary>
    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(Take(sizeof(ulong)), value);

    /// <summary>Write raw bytes.</summary>
    public void WriteBytes(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    /// <summary>Write a u32 length and the bytes.</summary>
    public void WriteSizedBytes(ReadOnlySpan<byte> bytes)
    {
        WriteUInt32((uint)bytes.Length);
        WriteBytes(bytes);
    }

    /// <summary>Write a u32 byte length and the UTF-8 text.</summary>
    public void WriteString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        int byteCount = Encoding.UTF8.GetByteCount(value);
        if (byteCount > ProtocolLimits.MaxStringBytes)
        {
            throw new ProtocolException($"Text of {byteCount} bytes exceeds the limit of {ProtocolLimits.MaxStringBytes} bytes.");
        }

        WriteUInt32((uint)byteCount);
        Encoding.UTF8.GetBytes(value, Take(byteCount));
    }

    /// <summary>
    /// Write a case id as u16 length + UTF-8 + NUL. The NUL travels on the wire so SimHost can hand
    /// the id to C (SIM_CASE.CaseId) straight from its receive buffer, without a copy per case.
    /// </summary>
    public void WriteCaseId(string caseId)
    {
        IoctlCallCodec.CheckCaseId(caseId);
        int byteCount = Encoding.UTF8.GetByteCount(caseId);
        WriteUInt16((ushort)byteCount);
        var target = Take(byteCount + 1);
        Encoding.UTF8.GetBytes(caseId, target);
        target[byteCount] = 0;
    }

    private Span<byte> Take(int count)
    {
        EnsureCapacity(count);
        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private byte[] Allocate(int size) => GC.AllocateUninitializedArray<byte>(size, _pinned);
}
