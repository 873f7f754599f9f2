using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>Each seeded defect variant (driver-under-test/DEFECTS.md) is shown by one concrete call.</summary>
[TestFixture]
public sealed class DefectVariantTests
{
    private static async Task<CallOutcome> FireAsync(uint variant, IoctlCall call)
    {
        await using var target = await StartAsync(ReferenceDriverPath, ReferenceDriver.Device, variant);
        return (await target.ExecuteAsync([call], CancellationToken.None)).Single();
    }

    private static async Task<(CallOutcome Outcome, TargetCapabilities Capabilities)> FireWithCapabilitiesAsync(uint variant, IoctlCall call)
    {
        await using var target = await StartAsync(ReferenceDriverPath, ReferenceDriver.Device, variant);
        return ((await target.ExecuteAsync([call], CancellationToken.None)).Single(), target.Capabilities);
    }

    [Test]
    public async Task NeitherNoProbeWritesKernelMemory()
    {
        var outcome = await FireAsync(1, ReferenceDriver.Call(ReferenceDriver.NeitherTransform,
            ReferenceDriver.Pattern(16), ReferenceDriver.Rw(16) with { State = BufferMemoryState.Kernel }));
        Assert.That(outcome.CanaryIntact, Is.False);
    }

    [Test]
    public async Task TouchOutsideTryBugchecksOnAFreedInput()
    {
        var outcome = await FireAsync(2, ReferenceDriver.Call(ReferenceDriver.NeitherTransform,
            ReferenceDriver.Pattern(16) with { State = BufferMemoryState.Decommitted }, ReferenceDriver.Rw(16)));
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck));
    }

    [Test]
    public async Task DoubleFetchIsCaughtByARacer()
    {
        await using var target = await StartAsync(ReferenceDriverPath, ReferenceDriver.Device, 3);
        var racer = new RacerSpec(RacerKind.FlipBytes, RacerTarget.Input, 0, 4, 0);
        var calls = Enumerable.Range(0, 300)
            .Select(i => ReferenceDriver.Call(ReferenceDriver.NeitherRecords, ReferenceDriver.Records(1, 16, 4096), ReferenceDriver.Rw(8), racer, $"race-{i}"))
            .ToList();
        var outcomes = await target.ExecuteAsync(calls, CancellationToken.None);
        Assert.That(outcomes[^1].End, Is.EqualTo(CallEnd.Bugcheck), $"no crash in {outcomes.Count} raced calls");
    }

    [TestCase(4u)]
    [TestCase(5u)]
    public async Task UninitializedPoolBytesReachTheCaller(uint variant)
    {
        var call = ReferenceDriver.Call(ReferenceDriver.BufferedTransform, ReferenceDriver.Pattern(16), ReferenceDriver.Rw(64));
        var (outcome, capabilities) = await FireWithCapabilitiesAsync(variant, call);
        Assert.That(BufferComparison.FindNewPoisonRun(call.Output.InitialBytes(), outcome.OutputAfter, capabilities.PoolPoisonByte!.Value), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task MissingInputSizeCheckOverreadsThePool()
    {
        var outcome = await FireAsync(6, ReferenceDriver.Call(ReferenceDriver.SetConfig, ReferenceDriver.Pattern(1), BufferSpec.None));
        Assert.That(outcome.Bugcheck?.Code, Is.EqualTo(0xCDu));
    }

    [Test]
    public async Task ProbeWithLengthZeroReadsTheKernelSecret()
    {
        var call = ReferenceDriver.Call(ReferenceDriver.NeitherTransform,
            ReferenceDriver.Pattern(32) with { State = BufferMemoryState.Kernel }, ReferenceDriver.Rw(32));
        var (outcome, capabilities) = await FireWithCapabilitiesAsync(7, call);
        Assert.That(BufferComparison.FindSecret(call.Output.InitialBytes(), outcome.OutputAfter, capabilities.KernelSecret!.Value.Span), Is.GreaterThanOrEqualTo(0));
    }

    [Test]
    public async Task WriteIntoABufferProbedOnlyForReadChangesTheInput()
    {
        var call = ReferenceDriver.Call(ReferenceDriver.NeitherTransform, ReferenceDriver.Pattern(16), ReferenceDriver.Rw(16));
        var outcome = await FireAsync(8, call);
        Assert.That(outcome.InputAfter, Is.Not.EqualTo(call.Input.InitialBytes()));
    }

    [Test]
    public async Task IntegerOverflowOverrunsTheAllocation()
    {
        var outcome = await FireAsync(9, ReferenceDriver.Call(ReferenceDriver.NeitherRecords,
            ReferenceDriver.Records(0x01000001, 256, 4096, declared: 264), ReferenceDriver.Rw(8)));
        Assert.That(outcome.Bugcheck?.Code, Is.EqualTo(0xCDu));
    }

    [TestCase(ReferenceDriver.InDirectStore)]
    [TestCase(ReferenceDriver.OutDirectFetch)]
    public async Task ZeroLengthDirectIoDereferencesANullMdl(uint code)
    {
        var outcome = await FireAsync(10, ReferenceDriver.Call(code, BufferSpec.None, ReferenceDriver.Rw(16) with { DeclaredLength = 0 }));
        Assert.That(outcome.Bugcheck?.Code, Is.EqualTo(0x3Bu));
    }

    [Test]
    public async Task SwallowedExceptionLogsNoEvent()
    {
        var outcome = await FireAsync(11, ReferenceDriver.Call(ReferenceDriver.NeitherTransform,
            ReferenceDriver.Pattern(16), ReferenceDriver.Rw(16) with { State = BufferMemoryState.NoAccess }));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(outcome.Events.Select(e => e.Name), Does.Not.Contain("ExceptionHandled"));
        });
    }

    [Test]
    public async Task SuccessLoggedAfterFailure()
    {
        var outcome = await FireAsync(12, ReferenceDriver.Call(ReferenceDriver.Ping, BufferSpec.None, ReferenceDriver.Rw(0)));
        var completed = outcome.Events.Single(e => e.Name == "RequestCompleted");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.BufferTooSmall));
            Assert.That(Convert.ToInt64(completed.Fields["Status"], System.Globalization.CultureInfo.InvariantCulture), Is.Zero);
        });
    }

    [TestCase(0u, Status.AccessDenied)]
    [TestCase(14u, Status.Success)]
    public async Task MissingAccessCheckLetsAReadOnlyHandleResetTheConfiguration(uint variant, int expected)
    {
        var outcome = await FireAsync(variant, ReferenceDriver.Call(ReferenceDriver.ResetConfig, BufferSpec.None, BufferSpec.None, grantedAccess: 1));
        Assert.That(outcome.Status, Is.EqualTo(expected));
    }

    [TestCase(0u, true)]
    [TestCase(15u, false)]
    public async Task MissingCompletionLeavesTheRejectedIrpUncompleted(uint variant, bool completed)
    {
        var outcome = await FireAsync(variant, ReferenceDriver.Call(ReferenceDriver.Ping, BufferSpec.None, ReferenceDriver.Rw(0)));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.BufferTooSmall));
            Assert.That(outcome.IrpCompleted, Is.EqualTo(completed));
        });
    }

    [Test]
    public async Task InformationPastTheSystemBufferLeaksAdjacentPoolWithoutABugcheck()
    {
        var output = ReferenceDriver.Rw(64) with { DeclaredLength = 16 };
        var call = ReferenceDriver.Call(ReferenceDriver.BufferedTransform, ReferenceDriver.Pattern(16), output);
        var (outcome, capabilities) = await FireWithCapabilitiesAsync(16, call);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Bugcheck?.RawText);
            Assert.That(outcome.Information, Is.EqualTo(32));
            Assert.That(BufferComparison.FindNewPoisonRun(call.Output.InitialBytes(), outcome.OutputAfter, capabilities.PoolPoisonByte!.Value), Is.EqualTo(16));
        });
    }
}
