using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>
/// Managed exceptions inside SimHost after libsimkernel installed its SIGSEGV/SIGFPE handlers: the hardware-raised
/// ones (null dereference, integer divide by zero) only work if the SEH emulation chains to the runtime's handler.
/// </summary>
[TestFixture]
public sealed class HostSelfTestTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task ManagedExceptionsInsideSimHostStillWorkAndTheKernelStillServesAfterwards(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        await target.ExecuteAsync([SampleCalls.Ping("before")], cancellationToken);

        var report = await target.RunHostSelfTestAsync(200, cancellationToken);
        var after = (await target.ExecuteAsync([SampleCalls.Ping("after")], cancellationToken)).Single();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.ManagedThrowsCaught, Is.EqualTo(200u));
            Assert.That(report.NullReferencesCaught, Is.EqualTo(200u));
            Assert.That(report.DivideByZeroCaught, Is.EqualTo(200u));
            Assert.That(report.Detail, Is.Empty);
            Assert.That(after.End, Is.EqualTo(CallEnd.Completed));
            Assert.That(after.Status, Is.EqualTo(SampleCalls.StatusSuccess));
        }
    }
}
