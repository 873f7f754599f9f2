using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>Real faults become SEH exceptions or bugchecks exactly where Windows would.</summary>
[TestFixture]
public sealed class FaultTests
{
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private Task<CallOutcome> TouchAsync(uint code, BufferSpec output, uint mode = Exerciser.ModeRead) =>
        CallAsync(target, Exerciser.Call(code, Exerciser.Parameters(mode: mode), output));

    private static void AssertBugcheck(CallOutcome outcome, uint code)
    {
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck), $"status 0x{outcome.Status:X8}");
        Assert.That(outcome.Bugcheck!.Code, Is.EqualTo(code), outcome.Bugcheck.RawText);
    }

    [TestCase(BufferMemoryState.Decommitted, Exerciser.ModeRead)]
    [TestCase(BufferMemoryState.NoAccess, Exerciser.ModeRead)]
    [TestCase(BufferMemoryState.ReadOnly, Exerciser.ModeWrite)]
    [TestCase(BufferMemoryState.Null, Exerciser.ModeRead)]
    public async Task X1_UserFaultInsideTryIsAccessViolation(BufferMemoryState state, uint mode)
    {
        var outcome = await TouchAsync(Exerciser.TouchInsideTry, Buffer(state, 64, declared: 64), mode);
        Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task X1_GuardTailOverrunInsideTryIsAccessViolation()
    {
        var outcome = await TouchAsync(Exerciser.TouchInsideTry, Buffer(BufferMemoryState.GuardTail, 64, declared: 65));
        Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(BufferMemoryState.Decommitted, Exerciser.ModeRead)]
    [TestCase(BufferMemoryState.NoAccess, Exerciser.ModeRead)]
    [TestCase(BufferMemoryState.ReadOnly, Exerciser.ModeWrite)]
    public async Task X2_UserFaultOutsideTryIsBugcheckAndTheNextCaseRunsOnARestartedHost(BufferMemoryState state, uint mode)
    {
        int before = target.HostProcessId!.Value;
        AssertBugcheck(await TouchAsync(Exerciser.TouchOutsideTry, Buffer(state, 64), mode), 0x3B);
        var next = await TouchAsync(Exerciser.TouchInsideTry, Buffer(BufferMemoryState.ReadWrite, 64));
        Assert.Multiple(() =>
        {
            Assert.That(next.Status, Is.EqualTo(Status.Success));
            Assert.That(target.HostProcessId, Is.Not.EqualTo(before));
        });
    }

    [Test]
    public async Task X2_BugcheckRecordNamesTheCaseAndControlCode()
    {
        var outcome = await TouchAsync(Exerciser.TouchOutsideTry, Buffer(BufferMemoryState.Decommitted, 64));
        AssertBugcheck(outcome, 0x3B);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Bugcheck!.IoControlCode, Is.EqualTo(Exerciser.TouchOutsideTry));
            Assert.That(outcome.Bugcheck.CaseId, Is.EqualTo($"exerciser-0x{Exerciser.TouchOutsideTry:X8}"));
            Assert.That(outcome.Bugcheck.Parameters[0], Is.EqualTo(0xC0000005UL));
        });
    }

    [Test]
    public async Task X3_KernelAddressFaultInsideTryIsBugcheck50()
    {
        AssertBugcheck(await TouchAsync(Exerciser.TouchInsideTry, Buffer(BufferMemoryState.KernelInvalid, 16)), 0x50);
    }

    [Test]
    public async Task X1_NullPageFaultInsideTryIsRecovered()
    {
        var outcome = await TouchAsync(Exerciser.TouchInsideTry, Buffer(BufferMemoryState.Null, 0, declared: 16));
        Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task X2_ReturnBreakGotoOutOfTryThenFaultOutsideAnyTryBugchecks()
    {
        // The helpers left three __try bodies by return, break and goto; none of their frames may catch this.
        AssertBugcheck(await TouchAsync(Exerciser.LeaveTryThenFault, Buffer(BufferMemoryState.NoAccess, 16), 0), 0x3B);
    }

    [Test]
    public async Task X1_ReturnBreakGotoOutOfTryThenFaultInNewTryIsRecovered()
    {
        var outcome = await TouchAsync(Exerciser.LeaveTryThenFault, Buffer(BufferMemoryState.NoAccess, 16), 1);
        Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(Exerciser.ModeRead)]
    [TestCase(Exerciser.ModeWrite)]
    public async Task PoolOverrunBugchecks(uint mode)
    {
        AssertBugcheck(await TouchAsync(Exerciser.PoolOverrun, Buffer(BufferMemoryState.ReadWrite, 24), mode), 0xCD);
    }

    [Test]
    public async Task PoolUseAfterFreeBugchecks()
    {
        AssertBugcheck(await TouchAsync(Exerciser.PoolUseAfterFree, Buffer(BufferMemoryState.ReadWrite, 24)), 0xCC);
    }

    [Test]
    public async Task PoolKeepsServingAfterALapAroundItsArenaWithALongLivedAllocation()
    {
        // 140,000 allocations of two pages each: more than one lap of the 131,072-page arena.
        var churn = await CallAsync(target, Exerciser.Call(Exerciser.PoolChurn, Exerciser.Parameters(mode: 140_000), BufferSpec.None));
        var after = await CallAsync(target, Exerciser.Call(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 4), Buffer(BufferMemoryState.ReadWrite, 16)));
        Assert.Multiple(() =>
        {
            Assert.That(churn.Status, Is.EqualTo(Status.Success));
            Assert.That(after.Status, Is.EqualTo(Status.Success));
        });
    }

    [Test]
    public async Task UninitializedStackBytesReachTheCallerAsPoison()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.StackUninitialized, BufferSpec.None, Buffer(BufferMemoryState.ReadWrite, 64)));
        Assert.That(outcome.Information, Is.EqualTo(64));
        Assert.That(outcome.OutputAfter, Has.Some.EqualTo(target.Capabilities.StackPoisonByte!.Value));
    }

    [Test]
    public async Task X6_ExRaiseStatusInsideTryIsCaughtWithItsCode()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.RaiseStatus,
            Exerciser.Parameters(mode: 0, status: unchecked((uint)Status.InvalidParameter)), BufferSpec.None));
        Assert.That(outcome.Status, Is.EqualTo(Status.InvalidParameter));
    }

    [Test]
    public async Task X6_ExRaiseStatusOutsideTryIsBugcheckWithTheCode()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.RaiseStatus,
            Exerciser.Parameters(mode: 1, status: unchecked((uint)Status.InvalidParameter)), BufferSpec.None));
        AssertBugcheck(outcome, 0x3B);
        Assert.That(outcome.Bugcheck!.Parameters[0], Is.EqualTo(0xC000000DUL));
    }

    [Test]
    public async Task X6_ContinueSearchReachesTheOuterHandler()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.NestedContinueSearch, Exerciser.Parameters(), BufferSpec.None));
        Assert.That(outcome.Status, Is.EqualTo(Status.InvalidParameter2));
    }

    [Test]
    public async Task X6_DivideByZeroIsAnSehException()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.DivideByZero, Exerciser.Parameters(mode: 0), BufferSpec.None));
        Assert.That(outcome.Status, Is.EqualTo(Status.IntegerDivideByZero));
    }

    private Task<CallOutcome> ExecuteAsync(uint instruction, bool outsideTry = false) =>
        CallAsync(target, Exerciser.Call(Exerciser.Instruction, Exerciser.Parameters(mode: instruction, outsideTry: outsideTry), BufferSpec.None));

    private static ulong CaughtAt(CallOutcome outcome)
    {
        var caught = outcome.Events.FirstOrDefault(e => e.Name == "Exception");
        Assert.That(caught, Is.Not.Null, "the driver's handler logged no exception");
        return Convert.ToUInt64(caught!.Fields["Address"], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task X4_NonCanonicalAddressInsideTryIsAnAccessViolationAtTheFaultingInstruction()
    {
        // The CPU raises #GP, not a page fault, for a non-canonical address; Windows still delivers
        // STATUS_ACCESS_VIOLATION (docs: kernel/handling-exceptions), and the exception address is the instruction.
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.TouchAddress, Exerciser.Parameters(value: 0x8000_0000_0000_0000), BufferSpec.None));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(CaughtAt(outcome), Is.Not.Zero);
        });
    }

    [Test]
    public async Task X8_IllegalInstructionInsideTryIsStatusIllegalInstruction()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionUd2);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.IllegalInstruction));
            Assert.That(CaughtAt(outcome), Is.Not.Zero);
        });
    }

    [Test]
    public async Task X8_IllegalInstructionOutsideTryIsBugcheckWithTheCode()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionUd2, outsideTry: true);
        AssertBugcheck(outcome, 0x3B);
        Assert.That(outcome.Bugcheck!.Parameters[0], Is.EqualTo(0xC000001DUL));
    }

    [Test]
    public async Task X7_IntMinDividedByMinusOneIsIntegerOverflow()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionIntMinByMinusOne);
        Assert.That(outcome.Status, Is.EqualTo(Status.IntegerOverflow));
    }

    [Test]
    public async Task X7_ZeroDivisorStaysIntegerDivideByZero()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.DivideByZero, Exerciser.Parameters(mode: 0), BufferSpec.None));
        Assert.That(outcome.Status, Is.EqualTo(Status.IntegerDivideByZero));
    }

    [TestCase(Exerciser.InstructionCli)]
    [TestCase(Exerciser.InstructionRdmsr)]
    public async Task X9_PrivilegedInstructionInsideTryIsStatusPrivilegedInstruction(uint instruction)
    {
        var outcome = await ExecuteAsync(instruction);
        Assert.That(outcome.Status, Is.EqualTo(Status.PrivilegedInstruction));
    }

    [Test]
    public async Task X9_PrivilegedInstructionOutsideTryIsBugcheck3BWithTheCode()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionRdmsr, outsideTry: true);
        AssertBugcheck(outcome, 0x3B);
        Assert.That(outcome.Bugcheck!.Parameters[0], Is.EqualTo(0xC0000096UL));
    }

    [Test]
    public async Task X10_BreakpointInsideTryIsStatusBreakpointAtTheInt3()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionInt3);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Breakpoint));
            Assert.That(CaughtAt(outcome), Is.Not.Zero);
        });
    }

    [Test]
    public async Task X10_UnhandledBreakpointIsABugcheckRecordNotADeadHost()
    {
        var outcome = await ExecuteAsync(Exerciser.InstructionInt3, outsideTry: true);
        AssertBugcheck(outcome, 0x3B);
        Assert.That(outcome.Bugcheck!.Parameters[0], Is.EqualTo(0x80000003UL));
    }
}
