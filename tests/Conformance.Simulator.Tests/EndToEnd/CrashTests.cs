using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>Seeded defects of the reference driver that write kernel memory or crash the simulated machine.</summary>
[TestFixture]
public sealed class CrashTests
{
    private const uint NeitherNoProbe = 1;
    private const uint TouchOutsideTry = 2;

    [Test]
    [CancelAfter(30_000)]
    public async Task NeitherNoProbeWritesTheKernelCanaryAndTheBatchGoesOn(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(NeitherNoProbe), cancellationToken);

        var outcomes = await target.ExecuteAsync(
            [
                SampleCalls.Ping("ok-before"),
                SampleCalls.NeitherTransform("arbitrary-write", BufferMemoryState.ReadWrite, BufferMemoryState.Kernel),
                SampleCalls.Ping("ok-after"),
            ],
            cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes.Select(o => o.End), Is.All.EqualTo(CallEnd.Completed));
            Assert.That(outcomes[0].CanaryIntact, Is.True);
            Assert.That(outcomes[1].Status, Is.EqualTo(SampleCalls.StatusSuccess));
            Assert.That(outcomes[1].CanaryIntact, Is.False, "the unprobed output pointer must have written the canary page");
            Assert.That(outcomes[2].Status, Is.EqualTo(SampleCalls.StatusSuccess));
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task TouchOutsideTryBugchecksMidBatchKeepsTheOutcomesBeforeItAndRestartRunsTheNextCall(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(TouchOutsideTry), cancellationToken);
        int crashedHost = target.HostProcessId!.Value;

        var outcomes = await target.ExecuteAsync(
            [
                SampleCalls.Ping("first"),
                SampleCalls.Ping("second"),
                SampleCalls.NeitherTransform("crash/freed input", BufferMemoryState.Decommitted, BufferMemoryState.ReadWrite),
                SampleCalls.Ping("never-run"),
            ],
            cancellationToken);

        Assert.That(outcomes.Select(o => o.CaseId), Is.EqualTo(new[] { "first", "second", "crash/freed input" }));
        var crash = outcomes[2];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcomes[0].End, Is.EqualTo(CallEnd.Completed));
            Assert.That(outcomes[1].End, Is.EqualTo(CallEnd.Completed));
            Assert.That(outcomes[1].Status, Is.EqualTo(SampleCalls.StatusSuccess));
            Assert.That(crash.End, Is.EqualTo(CallEnd.Bugcheck), crash.Detail);
            Assert.That(crash.Bugcheck, Is.Not.Null);
            Assert.That(crash.Bugcheck?.CaseId, Is.EqualTo("crash/freed input"));
            Assert.That(crash.Bugcheck?.IoControlCode, Is.EqualTo(SampleCalls.IoctlSampleNeitherTransform));
            Assert.That(crash.Bugcheck?.Parameters, Has.Count.EqualTo(4));
            Assert.That(crash.Bugcheck?.RawText, Does.StartWith("BUGCHECK code="));
            Assert.That(target.IsHostRunning, Is.False);
        }

        Assert.That(
            () => target.ExecuteAsync([SampleCalls.Ping("too-early")], cancellationToken),
            Throws.InvalidOperationException.With.Message.Contains("RestartAsync").And.Message.Contains("bugcheck"));

        await target.RestartAsync(cancellationToken);
        var next = (await target.ExecuteAsync([SampleCalls.Ping("never-run")], cancellationToken)).Single();

        Assert.That(next.End, Is.EqualTo(CallEnd.Completed));
        Assert.That(next.Status, Is.EqualTo(SampleCalls.StatusSuccess));
        Assert.That(target.HostProcessId, Is.Not.EqualTo(crashedHost));
    }
}
