using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>A call the simulator cannot run is the caller's mistake: refused before sending, the host unharmed.</summary>
[TestFixture]
public sealed class CallValidationTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task AnOversizedBufferIsRefusedBeforeSendingAndTheHostKeepsServing(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        int host = target.HostProcessId!.Value;
        var oversized = new IoctlCall("too-big", SampleCalls.IoctlSamplePing, 3, BufferSpec.None, BufferSpec.ReadWriteOf((uint)ProtocolLimits.MaxBufferBytes + 1), RacerSpec.None);

        Assert.That(
            () => target.ExecuteAsync([SampleCalls.Ping("fine"), oversized], cancellationToken),
            Throws.ArgumentException.With.Message.Contains("calls[1]").And.Message.Contains("too-big"));

        var next = (await target.ExecuteAsync([SampleCalls.Ping("still-served")], cancellationToken)).Single();
        Assert.That(next.End, Is.EqualTo(CallEnd.Completed));
        Assert.That(target.HostProcessId, Is.EqualTo(host));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AnAlreadyCancelledTokenLeavesTheHostRunning(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);

        Assert.That(() => target.ExecuteAsync([SampleCalls.Ping("x")], new CancellationToken(canceled: true)), Throws.InstanceOf<OperationCanceledException>());

        Assert.That(target.IsHostRunning, Is.True);
    }
}
