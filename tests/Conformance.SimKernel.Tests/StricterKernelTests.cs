using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// The simulator is as strict as a hardened Windows kernel (SimKernel README, "Stricter than a process"): a smashed /GS
/// cookie, code run from data, a copy that runs past its buffers and a pointer made of poison are each the bugcheck
/// they are, whatever the driver's __try does.
/// </summary>
[TestFixture]
public sealed class StricterKernelTests
{
    private const string ExerciserModule = "libshim_exerciser.so";

    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private static BugcheckRecord AssertBugcheck(CallOutcome outcome, uint code)
    {
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck), $"status 0x{outcome.Status:X8}");
        Assert.That(outcome.Bugcheck!.Code, Is.EqualTo(code), outcome.Bugcheck.RawText);
        return outcome.Bugcheck;
    }

    private static ulong Poison(byte value) => 0x0101_0101_0101_0101UL * value;

    [Test]
    public async Task S1_SmashedStackCookieIsBugcheck139StackCookieCheckFailureInTheDriver()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.StackSmash,
            Exerciser.Parameters(length: 64), Buffer(BufferMemoryState.ReadWrite, 64, fill: 0x41)));
        var bugcheck = AssertBugcheck(outcome, 0x139);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.Name, Is.EqualTo("KERNEL_SECURITY_CHECK_FAILURE"));
            Assert.That(bugcheck.Parameters[0], Is.EqualTo(2UL), "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE");
            Assert.That(bugcheck.DriverLocation?.Module, Is.EqualTo(ExerciserModule), bugcheck.RawText);
            Assert.That(bugcheck.ReachedDriver, Is.True);
        });
    }

    [Test]
    public async Task S1_CopyThatFitsLeavesTheCookieAlone()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.StackSmash,
            Exerciser.Parameters(length: 16), Buffer(BufferMemoryState.ReadWrite, 64)));
        Assert.That(outcome.Status, Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task S1_SafeBuffersFunctionHasNoCookie()
    {
        // 8 bytes past the 16-byte buffer: the cookie's slot in the checked twin; here the frame's padding (gcc -Og).
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.StackSmash,
            Exerciser.Parameters(mode: Exerciser.SmashSafeBuffers, length: 24), Buffer(BufferMemoryState.ReadWrite, 64, fill: 0x41)));
        Assert.That(outcome.Status, Is.EqualTo(Status.Success), outcome.Bugcheck?.RawText);
    }

    [TestCase(Exerciser.ExecuteUser, false)]
    [TestCase(Exerciser.ExecuteUser, true)]
    [TestCase(Exerciser.ExecutePool, false)]
    [TestCase(Exerciser.ExecuteStack, false)]
    [TestCase(Exerciser.ExecuteStack, true)]
    public async Task S2_ExecutingDataIsBugcheckFcWhateverTryDoes(uint where, bool outsideTry)
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.ExecuteData,
            Exerciser.Parameters(mode: where, outsideTry: outsideTry), Buffer(BufferMemoryState.ReadWrite, 64)));
        var bugcheck = AssertBugcheck(outcome, 0xFC);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.Name, Is.EqualTo("ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY"));
            Assert.That(bugcheck.Parameters[0], Is.Not.Zero.And.EqualTo(bugcheck.FaultAddress), "parameter 1: the address executed");
            Assert.That(bugcheck.DriverLocation?.Module, Is.EqualTo(ExerciserModule), bugcheck.RawText);
        });
    }

    [Test]
    public async Task S3_LongCopyIntoTheStackSmashesTheCookieBeforeFaultingAtTheEndOfTheSource()
    {
        // 64 readable source bytes into 32: an ascending copy writes 32 bytes past the destination, then faults on the
        // source's guard page; the handler returns through the smashed cookie.
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.LongCopy,
            Exerciser.Parameters(value: 0x10000), Buffer(BufferMemoryState.GuardTail, 64, fill: 0x41)));
        Assert.That(AssertBugcheck(outcome, 0x139).Parameters[0], Is.EqualTo(2UL));
    }

    [TestCase(0u)]
    [TestCase(Exerciser.CopyMove)]
    public async Task S3_LongCopyIntoPoolOverrunsTheAllocationFirst(uint move)
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.LongCopy,
            Exerciser.Parameters(mode: Exerciser.CopyToPool | move, value: 0x10000), Buffer(BufferMemoryState.GuardTail, 64)));
        var bugcheck = AssertBugcheck(outcome, 0xCD);
        Assert.That(bugcheck.FaultAddress & 0xFFF, Is.Zero, "the first byte past the allocation, at its guard page");
    }

    [Test]
    public async Task S3_CopyThatStaysInsideItsBuffersStillFaultsOnTheSourceAsAccessViolation()
    {
        // Source shorter than the destination: the fault at the source's end is the only event, caught by __try.
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.LongCopy,
            Exerciser.Parameters(mode: Exerciser.CopyToPool, value: 32), Buffer(BufferMemoryState.GuardTail, 16)));
        Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task S4_PoolPoisonPointerIsBugcheckWithTheRealAddressWhateverTryDoes(bool outsideTry)
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.PoisonPointer,
            Exerciser.Parameters(mode: Exerciser.PoisonPoolRead, value: 0x10, outsideTry: outsideTry), BufferSpec.None));
        var bugcheck = AssertBugcheck(outcome, 0x50);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.FaultAddress, Is.EqualTo(Poison(target.Capabilities.PoolPoisonByte!.Value) + 0x10));
            Assert.That(bugcheck.Parameters[0], Is.EqualTo(bugcheck.FaultAddress));
            Assert.That(bugcheck.Poison, Is.EqualTo("pool"));
            Assert.That(bugcheck.DriverLocation?.Module, Is.EqualTo(ExerciserModule), bugcheck.RawText);
            Assert.That(Conformance.Verdicts.CaseJudge.DescribeBugcheck(bugcheck), Does.EndWith("uninitialized pool pointer dereferenced"));
        });
    }

    [TestCase(Exerciser.PoisonStackRead)]
    [TestCase(Exerciser.PoisonStackWrite)]
    public async Task S4_StackPoisonPointerIsBugcheckWithTheRealAddress(uint mode)
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.PoisonPointer,
            Exerciser.Parameters(mode: mode, value: 8), BufferSpec.None));
        var bugcheck = AssertBugcheck(outcome, 0x50);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.FaultAddress, Is.EqualTo(Poison(target.Capabilities.StackPoisonByte!.Value) + 8));
            Assert.That(bugcheck.Poison, Is.EqualTo("stack"));
            Assert.That(bugcheck.DriverLocation?.Module, Is.EqualTo(ExerciserModule), bugcheck.RawText);
        });
    }

    [Test]
    public async Task S4_CallThroughPoolPoisonIsBugcheckNamingTheTarget()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.PoisonPointer,
            Exerciser.Parameters(mode: Exerciser.PoisonPoolCall), BufferSpec.None));
        var bugcheck = AssertBugcheck(outcome, 0x50);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.FaultAddress, Is.EqualTo(Poison(target.Capabilities.PoolPoisonByte!.Value)));
            Assert.That(bugcheck.Parameters[1], Is.EqualTo(0x10UL), "execute");
            Assert.That(Conformance.Verdicts.CaseJudge.DescribeBugcheck(bugcheck), Does.EndWith("uninitialized pool pointer called"));
        });
    }

    [Test]
    public async Task S4_CopyFromPoolPoisonIsBugcheckWithTheSourceAddress()
    {
        // The fault is in the shim's forward copy (rep movsb): the address comes from its RSI.
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.PoisonPointer,
            Exerciser.Parameters(mode: Exerciser.PoisonPoolCopy, value: 0x20), BufferSpec.None));
        var bugcheck = AssertBugcheck(outcome, 0x50);
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.FaultAddress, Is.EqualTo(Poison(target.Capabilities.PoolPoisonByte!.Value) + 0x20));
            Assert.That(bugcheck.Poison, Is.EqualTo("pool"));
            Assert.That(bugcheck.DriverLocation?.Module, Is.EqualTo(ExerciserModule), bugcheck.RawText);
        });
    }
}
