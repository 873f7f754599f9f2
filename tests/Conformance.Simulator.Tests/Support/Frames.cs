using Conformance.Simulator.Protocol;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Writes a message and reads it back through the real framing, as the two ends of the socket do.</summary>
internal static class Frames
{
    public static (MessageKind Kind, byte[] Payload) RoundTrip(Action<WireWriter> write)
    {
        var writer = new WireWriter();
        write(writer);
        var buffer = new FrameBuffer(256);
        Feed(buffer, writer.WrittenSpan);
        if (!buffer.TryTakeFrame(out var kind, out var payload))
        {
            throw new InvalidOperationException("No complete frame came out.");
        }

        return (kind, payload.ToArray());
    }

    public static void Feed(FrameBuffer buffer, ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            var target = buffer.GetReceiveSpan();
            int count = Math.Min(target.Length, bytes.Length);
            bytes[..count].CopyTo(target);
            buffer.Commit(count);
            bytes = bytes[count..];
        }
    }
}
