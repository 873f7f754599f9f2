using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>
/// A call that never returns. The reference driver has no hanging defect, so the endless call is an in-host
/// bench loop with no iteration or time limit: it goes through the same deadline and kill path as a batch.
/// </summary>
[TestFixture]
public sealed class HangTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task AnEndlessCallIsReportedAsHangTheHostIsKilledAndRestartBringsANewOne(CancellationToken cancellationToken)
    {
        var options = TestSimulator.Options();
        options.CallTimeout = TimeSpan.FromMilliseconds(300);
        await using var target = await TestSimulator.StartAsync(options, cancellationToken);
        int hungHost = target.HostProcessId!.Value;

        var result = await target.BenchLoopAsync(SampleCalls.Ping("endless"), ulong.MaxValue, TimeSpan.Zero, cancellationToken);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.End, Is.EqualTo(CallEnd.Hang));
            Assert.That(result.Detail, Does.Contain("endless").And.Contains("killed"));
            Assert.That(target.IsHostRunning, Is.False);
            Assert.That(Processes.IsRunning(hungHost), Is.False);
        }

        Assert.That(
            () => target.ExecuteAsync([SampleCalls.Ping("too-early")], cancellationToken),
            Throws.InvalidOperationException.With.Message.Contains("hung").And.Message.Contains("RestartAsync"));

        await target.RestartAsync(cancellationToken);
        var next = (await target.ExecuteAsync([SampleCalls.Ping("after-restart")], cancellationToken)).Single();

        Assert.That(next.End, Is.EqualTo(CallEnd.Completed));
        Assert.That(target.HostProcessId, Is.Not.EqualTo(hungHost));
    }
}
