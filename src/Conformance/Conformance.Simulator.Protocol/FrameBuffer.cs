using System.Buffers.Binary;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// Receive side of the framing: bytes arrive in whatever pieces the socket gives; whole frames come out.
/// One buffer, compacted and grown in place, so a steady stream of frames allocates nothing.
/// A payload handed out stays valid until the next <see cref="GetReceiveSpan"/> or <see cref="GetReceiveMemory"/>.
/// </summary>
public sealed class FrameBuffer
{
    private readonly bool _pinned;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _pendingFrameSize;

    /// <summary>Creates a buffer.</summary>
    /// <param name="initialCapacity">Starting size; grows to fit the largest frame.</param>
    /// <param name="pinned">Allocate on the pinned object heap (SimHost passes payload pointers to C).</param>
    public FrameBuffer(int initialCapacity = 64 * 1024, bool pinned = false)
    {
        _pinned = pinned;
        _buffer = GC.AllocateUninitializedArray<byte>(Math.Max(initialCapacity, 256), pinned);
    }

    /// <summary>Bytes received but not yet taken as frames.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>Free space to receive into; at least enough for the frame being assembled.</summary>
    public Span<byte> GetReceiveSpan() => GetReceiveMemory().Span;

    /// <summary>Free space to receive into; at least enough for the frame being assembled.</summary>
    public Memory<byte> GetReceiveMemory()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        int needed = Math.Max(_pendingFrameSize - BufferedBytes, 1);
        if (_buffer.Length - _end < Math.Max(needed, 1024))
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, BufferedBytes).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }

            if (_buffer.Length - _end < needed)
            {
                var bigger = GC.AllocateUninitializedArray<byte>(Math.Max(_end + needed, _buffer.Length * 2), _pinned);
                _buffer.AsSpan(0, _end).CopyTo(bigger);
                _buffer = bigger;
            }
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Record that <paramref name="count"/> bytes were received into the span last handed out.</summary>
    public void Commit(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Take the next complete frame, if one is buffered.</summary>
    /// <exception cref="ProtocolException">The length prefix is zero or beyond <see cref="ProtocolLimits.MaxFrameBytes"/>.</exception>
    public bool TryTakeFrame(out MessageKind kind, out ReadOnlyMemory<byte> payload)
    {
        kind = default;
        payload = default;
        if (BufferedBytes < ProtocolLimits.FrameHeaderSize)
        {
            _pendingFrameSize = ProtocolLimits.FrameHeaderSize;
            return false;
        }

        uint bodyLength = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_start));
        if (bodyLength == 0 || bodyLength > ProtocolLimits.MaxFrameBytes)
        {
            throw new ProtocolException($"Frame length {bodyLength} is outside 1..{ProtocolLimits.MaxFrameBytes}.");
        }

        int frameSize = sizeof(uint) + (int)bodyLength;
        if (BufferedBytes < frameSize)
        {
            _pendingFrameSize = frameSize;
            return false;
        }

        kind = (MessageKind)_buffer[_start + sizeof(uint)];
        payload = _buffer.AsMemory(_start + ProtocolLimits.FrameHeaderSize, frameSize - ProtocolLimits.FrameHeaderSize);
        _start += frameSize;
        _pendingFrameSize = 0;
        return true;
    }
}
