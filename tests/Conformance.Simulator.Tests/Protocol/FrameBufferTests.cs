using System.Buffers.Binary;
using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class FrameBufferTests
{
    [Test]
    public void FramesArrivingOneByteAtATimeAreReassembledInOrder()
    {
        var writer = new WireWriter();
        for (int i = 0; i < 20; i++)
        {
            ErrorMessage.Write(writer, $"message {i}");
        }

        var buffer = new FrameBuffer(256);
        var received = new List<string>();
        foreach (byte b in writer.WrittenSpan.ToArray())
        {
            Frames.Feed(buffer, [b]);
            while (buffer.TryTakeFrame(out var kind, out var payload))
            {
                Assert.That(kind, Is.EqualTo(MessageKind.Error));
                received.Add(ErrorMessage.Read(payload.Span));
            }
        }

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"message {i}")));
    }

    [Test]
    public void AFrameLargerThanTheBufferMakesItGrow()
    {
        var writer = new WireWriter();
        string big = new('x', 60_000);
        ErrorMessage.Write(writer, big);
        var buffer = new FrameBuffer(256);

        Frames.Feed(buffer, writer.WrittenSpan);

        Assert.That(buffer.TryTakeFrame(out _, out var payload), Is.True);
        Assert.That(ErrorMessage.Read(payload.Span), Is.EqualTo(big));
    }

    [TestCase(0u)]
    [TestCase((uint)ProtocolLimits.MaxFrameBytes + 1)]
    public void ALengthOutsideTheLimitsIsAProtocolError(uint length)
    {
        var header = new byte[ProtocolLimits.FrameHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        var buffer = new FrameBuffer(256);
        Frames.Feed(buffer, header);

        Assert.That(() => buffer.TryTakeFrame(out _, out _), Throws.TypeOf<ProtocolException>());
    }

    [Test]
    public void AnIncompleteFrameIsNotHandedOut()
    {
        var writer = new WireWriter();
        ErrorMessage.Write(writer, "partial");
        var buffer = new FrameBuffer(256);

        Frames.Feed(buffer, writer.WrittenSpan[..^1]);

        Assert.That(buffer.TryTakeFrame(out _, out _), Is.False);
        Assert.That(buffer.BufferedBytes, Is.EqualTo(writer.Length - 1));
    }
}
