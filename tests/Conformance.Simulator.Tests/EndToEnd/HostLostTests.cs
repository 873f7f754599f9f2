using System.Diagnostics;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>SimHost gone without a bugcheck record: the fault of the host, not the driver.</summary>
[TestFixture]
public sealed class HostLostTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task AHostKilledFromOutsideIsReportedAsHostLostWithItsExitCode(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        await target.ExecuteAsync([SampleCalls.Ping("alive")], cancellationToken);
        using (var host = Process.GetProcessById(target.HostProcessId!.Value))
        {
            host.Kill();
            await host.WaitForExitAsync(cancellationToken);
        }

        var outcome = (await target.ExecuteAsync([SampleCalls.Ping("after-kill")], cancellationToken)).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.End, Is.EqualTo(CallEnd.HostLost));
            Assert.That(outcome.CaseId, Is.EqualTo("after-kill"));
            Assert.That(outcome.Bugcheck, Is.Null);
            Assert.That(outcome.Detail, Does.Contain("exited with code 137").And.Contains("no bugcheck record"));
            Assert.That(target.IsHostRunning, Is.False);
        }

        await target.RestartAsync(cancellationToken);
        Assert.That((await target.ExecuteAsync([SampleCalls.Ping("restarted")], cancellationToken)).Single().End, Is.EqualTo(CallEnd.Completed));
    }
}
