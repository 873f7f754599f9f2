using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>ExecuteBatch (client to host): u32 call count, then the calls (<see cref="IoctlCallCodec"/>).</summary>
public static class ExecuteBatchMessage
{
    /// <summary>Bytes of the frame around the calls (frame header and count).</summary>
    public const int OverheadBytes = ProtocolLimits.FrameHeaderSize + sizeof(uint);

    /// <summary>Write calls [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as one frame.</summary>
    public static void Write(WireWriter writer, IReadOnlyList<IoctlCall> calls, int start, int count)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(calls);
        writer.BeginFrame(MessageKind.ExecuteBatch);
        writer.WriteUInt32((uint)count);
        for (int i = start; i < start + count; i++)
        {
            IoctlCallCodec.Write(writer, calls[i]);
        }

        writer.EndFrame();
    }

    /// <summary>Decode a whole payload into engine calls (copies; for tools and tests).</summary>
    public static List<IoctlCall> ReadAll(ReadOnlySpan<byte> payload)
    {
        var reader = new BatchCallReader(payload);
        var calls = new List<IoctlCall>((int)Math.Min(reader.Count, 4096u));
        while (reader.TryReadNext(out var call))
        {
            calls.Add(call.ToIoctlCall());
        }

        return calls;
    }
}

/// <summary>Walks the calls of an ExecuteBatch payload as views, allocating nothing.</summary>
public ref struct BatchCallReader
{
    private WireReader _reader;
    private uint _left;

    /// <summary>Starts reading an ExecuteBatch payload.</summary>
    public BatchCallReader(ReadOnlySpan<byte> payload)
    {
        _reader = new WireReader(payload);
        Count = _reader.ReadUInt32();
        _left = Count;
    }

    /// <summary>Number of calls the batch announces.</summary>
    public uint Count { get; }

    /// <summary>Read the next call, or return false (after checking nothing trails the last one).</summary>
    public bool TryReadNext(out WireCall call)
    {
        if (_left == 0)
        {
            _reader.EnsureEnd();
            call = default;
            return false;
        }

        _left--;
        call = IoctlCallCodec.Read(ref _reader);
        return true;
    }
}
