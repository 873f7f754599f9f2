using System.Buffers.Binary;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>The real SimHost, libsimkernel.so and reference driver answering IOCTL_SAMPLE_PING.</summary>
[TestFixture]
public sealed class PingTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task PingReturnsTheSampleMagicAndTheDriversEventsForThatCase(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);

        var outcome = (await target.ExecuteAsync([SampleCalls.Ping("ping/ü")], cancellationToken)).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Detail);
            Assert.That(outcome.CaseId, Is.EqualTo("ping/ü"));
            Assert.That(outcome.Status, Is.EqualTo(SampleCalls.StatusSuccess));
            Assert.That(outcome.Information, Is.EqualTo(4UL));
            Assert.That(outcome.ReachedDriver, Is.True);
            Assert.That(outcome.CanaryIntact, Is.True);
            Assert.That(outcome.OutputAfter, Has.Length.EqualTo(4));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(outcome.OutputAfter), Is.EqualTo(SampleCalls.SamplePingMagic));
            Assert.That(outcome.Events, Is.Not.Empty);
            Assert.That(outcome.Events.Select(e => e.CaseId), Is.All.EqualTo("ping/ü"));
            Assert.That(outcome.Events.Select(e => e.Sequence), Is.Ordered.Ascending);
            Assert.That(target.TraceEventsLost, Is.Zero);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ABatchOf1000PingsReturns1000OutcomesInOrder(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        var calls = Enumerable.Range(0, 1000).Select(i => SampleCalls.Ping($"batch/{i:D4}")).ToList();

        var outcomes = await target.ExecuteAsync(calls, cancellationToken);

        Assert.That(outcomes.Select(o => o.CaseId), Is.EqualTo(calls.Select(c => c.CaseId)));
        Assert.That(outcomes.Select(o => o.End), Is.All.EqualTo(CallEnd.Completed));
        Assert.That(outcomes.Select(o => o.Status), Is.All.EqualTo(SampleCalls.StatusSuccess));
        Assert.That(outcomes.Select(o => BinaryPrimitives.ReadUInt32LittleEndian(o.OutputAfter)), Is.All.EqualTo(SampleCalls.SamplePingMagic));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task CapabilitiesComeFromTheKernelsHello(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);

        var capabilities = target.Capabilities;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(capabilities.Name, Is.EqualTo("simulator"));
            Assert.That(capabilities.KernelCanary, Is.True);
            Assert.That(capabilities.KernelSecret?.Length, Is.EqualTo(32));
            Assert.That(capabilities.KernelSecret?.ToArray(), Has.Some.Not.Zero);
            Assert.That(capabilities.PoolPoisonByte, Is.Not.Null);
            Assert.That(capabilities.StackPoisonByte, Is.Not.Null);
            Assert.That(capabilities.KernelAddress, Is.Not.Zero);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AnEmptyBatchReturnsNoOutcomes(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);

        Assert.That(await target.ExecuteAsync([], cancellationToken), Is.Empty);
    }
}
