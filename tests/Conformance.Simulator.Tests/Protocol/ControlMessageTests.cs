using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class ControlMessageTests
{
    [Test]
    public void BenchLoopRequestRoundTrips()
    {
        var call = SampleCalls.Ping("bench/ü");

        var (kind, payload) = Frames.RoundTrip(w => BenchLoopMessage.Write(w, call, ulong.MaxValue, 2_000_000_000));
        var decoded = BenchLoopMessage.Read(payload, out ulong iterations, out ulong durationNs);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kind, Is.EqualTo(MessageKind.BenchLoop));
            Assert.That(iterations, Is.EqualTo(ulong.MaxValue));
            Assert.That(durationNs, Is.EqualTo(2_000_000_000UL));
            Assert.That(decoded.ToIoctlCall().CaseId, Is.EqualTo(call.CaseId));
            Assert.That(decoded.Output.Size, Is.EqualTo(4u));
            Assert.That(decoded.Input.State, Is.EqualTo(BufferMemoryState.Null));
        }
    }

    [Test]
    public void BenchLoopReplyRoundTrips()
    {
        var reply = new BenchLoopReply(123_456, 2_000_000_001, unchecked((int)0xC0000005), 4, -12);

        var (kind, payload) = Frames.RoundTrip(reply.Write);

        Assert.That(kind, Is.EqualTo(MessageKind.BenchLoopResult));
        Assert.That(BenchLoopReply.Read(payload), Is.EqualTo(reply));
    }

    [Test]
    public void SelfTestRoundTrips()
    {
        var reply = new SelfTestReply(100, 100, 99, 100, "null=99");

        var request = Frames.RoundTrip(w => SelfTestMessage.Write(w, 100));
        var answer = Frames.RoundTrip(reply.Write);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.Kind, Is.EqualTo(MessageKind.SelfTest));
            Assert.That(SelfTestMessage.Read(request.Payload), Is.EqualTo(100u));
            Assert.That(answer.Kind, Is.EqualTo(MessageKind.SelfTestResult));
            Assert.That(SelfTestReply.Read(answer.Payload), Is.EqualTo(reply));
        }
    }

    [Test]
    public void ShutdownHasAnEmptyPayload()
    {
        var (kind, payload) = Frames.RoundTrip(ShutdownMessage.Write);

        Assert.That(kind, Is.EqualTo(MessageKind.Shutdown));
        Assert.That(payload, Is.Empty);
    }

    [Test]
    public void ErrorRoundTripsItsText()
    {
        var (kind, payload) = Frames.RoundTrip(w => ErrorMessage.Write(w, "kernel not ready: ü"));

        Assert.That(kind, Is.EqualTo(MessageKind.Error));
        Assert.That(ErrorMessage.Read(payload), Is.EqualTo("kernel not ready: ü"));
    }
}
