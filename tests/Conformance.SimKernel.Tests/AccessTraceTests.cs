using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// The access trace's mechanics, pinned with the instrumented shim exerciser (tests/drivers/shim-exerciser): what
/// one touch, a byte loop, the memcpy family, an embedded pointer, nested __try and partial or empty probes record,
/// and that recording changes no fault. Every NEITHER exerciser call first reads its parameters (probed, in __try):
/// that is record 0, so the pattern under test starts at record 1.
/// </summary>
[TestFixture]
public sealed class AccessTraceTests
{
    private const uint Size = (2 * BufferSpec.PageSize) + 100;
    private static readonly bool[] InnerOuterAfterAfterHelper = [true, true, false, false];
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private async Task<(CallOutcome Outcome, IReadOnlyList<UserAccess> Pattern, UserAccessTrace Trace)> FireAsync(
        uint code, uint mode, BufferSpec output, uint length = 0, ulong value = 0, bool outsideTry = false)
    {
        var outcome = await CallAsync(target, Exerciser.Call(code, Exerciser.Parameters(mode: mode, value: value, outsideTry: outsideTry, length: length), output));
        Assert.That(outcome.UserAccesses, Is.Not.Null, "the exerciser is built with the instrumentation");
        var trace = outcome.UserAccesses!;
        bool neither = (code & 3) == 3;
        return (outcome, neither ? trace.Accesses.Skip(1).ToList() : trace.Accesses, trace);
    }

    private static ulong OutputOffset(UserAccessTrace trace, UserAccess access) => access.Address - trace.OutputAddress;

    [Test]
    public async Task AByteLoopOverSeveralPagesIsOneProbedRecord()
    {
        var (outcome, pattern, trace) = await FireAsync(Exerciser.TouchBytes, Exerciser.ModeRead | Exerciser.AccessProbe, Buffer(BufferMemoryState.ReadWrite, Size));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.Zero);
            Assert.That(pattern, Has.Count.EqualTo(1));
            Assert.That(OutputOffset(trace, pattern[0]), Is.Zero);
            Assert.That(pattern[0].Size, Is.EqualTo(Size));
            Assert.That(pattern[0].Kind, Is.EqualTo(UserAccessKind.Probed | UserAccessKind.InTry));
            Assert.That(pattern[0].Code!.Function, Is.Not.Null, "the touching line is symbolized from the exerciser's debug information");
            Assert.That(trace.Accesses[0].Kind, Is.EqualTo(UserAccessKind.Probed | UserAccessKind.InTry), "the parameters: probed, read in __try");
        });
    }

    [Test]
    public async Task ATouchSpanningTheEndIsRecordedUnprobedAndStillFaults()
    {
        var (outcome, pattern, trace) = await FireAsync(Exerciser.TouchPastEnd, Exerciser.ModeRead | Exerciser.AccessProbe, Buffer(BufferMemoryState.GuardTail, 64));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation), "the guard page still faults inside __try");
            Assert.That(pattern, Has.Count.EqualTo(1));
            Assert.That(OutputOffset(trace, pattern[0]), Is.EqualTo(60));
            Assert.That(pattern[0].Size, Is.EqualTo(8));
            Assert.That(pattern[0].Probed, Is.False, "the probe covers the 64 bytes, not the 4 past them");
        });
    }

    [TestCase(Exerciser.RtlCopyToOutput, true)]
    [TestCase(Exerciser.RtlCopyFromOutput, false)]
    [TestCase(Exerciser.RtlMoveToOutput, true)]
    [TestCase(Exerciser.RtlMoveFromOutput, false)]
    [TestCase(Exerciser.RtlZeroOutput, true)]
    [TestCase(Exerciser.RtlFillOutput, true)]
    public async Task TheMemcpyFamilyRecordsItsUserRange(uint operation, bool write)
    {
        var (_, pattern, trace) = await FireAsync(Exerciser.RtlMemory, operation, Buffer(BufferMemoryState.ReadWrite, Size), length: 5000);

        Assert.Multiple(() =>
        {
            Assert.That(pattern, Has.Count.EqualTo(1), "the pool side of a copy is not user memory");
            Assert.That(OutputOffset(trace, pattern[0]), Is.Zero);
            Assert.That(pattern[0].Size, Is.EqualTo(5000));
            Assert.That(pattern[0].IsWrite, Is.EqualTo(write));
            Assert.That(pattern[0].InTry, Is.True);
        });
    }

    [Test]
    public async Task AMoveWithinTheBufferReadsOneRangeAndWritesTheNext()
    {
        var (_, pattern, trace) = await FireAsync(Exerciser.RtlMemory, Exerciser.RtlMoveWithinOutput, Buffer(BufferMemoryState.ReadWrite, 256), length: 100);

        Assert.That(pattern.Select(a => (OutputOffset(trace, a), a.Size, a.IsWrite)), Is.EqualTo(new[] { (0UL, 99U, false), (1UL, 99U, true) }));
    }

    [TestCase(0u, false)]
    [TestCase(Exerciser.AccessProbe, true)]
    public async Task APointerEmbeddedInTheInputIsJudgedLikeAnyUserAddress(uint probe, bool probed)
    {
        // Value is an offset from UserBuffer here: a test cannot know a user address before the call.
        var (_, pattern, trace) = await FireAsync(Exerciser.EmbeddedPointer, Exerciser.ModeRead | Exerciser.PointerFromOutput | probe,
            Buffer(BufferMemoryState.ReadWrite, 64), length: 8, value: 16);

        Assert.Multiple(() =>
        {
            Assert.That(pattern, Has.Count.EqualTo(1));
            Assert.That(OutputOffset(trace, pattern[0]), Is.EqualTo(16));
            Assert.That(pattern[0].Size, Is.EqualTo(8));
            Assert.That(pattern[0].Probed, Is.EqualTo(probed));
        });
    }

    [Test]
    public async Task NestedTryIsLiveOnlyWhileABlockIsOpen()
    {
        var (_, pattern, _) = await FireAsync(Exerciser.NestedTryTouch, Exerciser.ModeRead, Buffer(BufferMemoryState.ReadWrite, 16));

        // Byte 0 in the inner __try, 1 in the outer after the inner ended, 2 after both, 3 after a helper returned from its own __try.
        Assert.That(pattern.Select(a => a.InTry), Is.EqualTo(InnerOuterAfterAfterHelper));
    }

    [Test]
    public async Task AProbeOfLengthZeroCoversNothing()
    {
        var (_, pattern, _) = await FireAsync(Exerciser.ProbeZeroThenTouch, Exerciser.ModeRead, Buffer(BufferMemoryState.ReadWrite, 64));

        Assert.That(pattern, Is.Not.Empty);
        Assert.That(pattern.Select(a => a.Probed), Is.All.False);
    }

    [Test]
    public async Task AProbeOfPartOfTheBufferCoversOnlyThatPart()
    {
        var (_, pattern, trace) = await FireAsync(Exerciser.ProbePartThenTouch, Exerciser.ModeRead, Buffer(BufferMemoryState.ReadWrite, 64), length: 16, value: 8);

        Assert.That(pattern.Select(a => (OutputOffset(trace, a), a.Size, a.Probed)),
            Is.EqualTo(new[] { (0UL, 8U, false), (8UL, 16U, true), (24UL, 40U, false) }));
    }

    [Test]
    public async Task ANoAccessPageIsStillAnAccessViolationAndTheFaultingTouchIsInTheTrace()
    {
        var (outcome, pattern, trace) = await FireAsync(Exerciser.TouchBytes, Exerciser.ModeRead, Buffer(BufferMemoryState.NoAccess, 64));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(pattern, Has.Count.EqualTo(1), "recorded before it happened");
            Assert.That(OutputOffset(trace, pattern[0]), Is.Zero);
        });
    }

    [Test]
    public async Task AKernelAddressIsStillABugcheckOutsideTry()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.EmbeddedPointer,
            Exerciser.Parameters(mode: Exerciser.ModeRead, value: 0xFFFF_F780_0000_0000, outsideTry: true, length: 8), Buffer(BufferMemoryState.ReadWrite, 16)));

        Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck));
    }

    [Test]
    public async Task ABufferedHandlerTouchingUserBufferIsRecorded()
    {
        var (_, pattern, trace) = await FireAsync(Exerciser.BufferedTouchUserBuffer, Exerciser.ModeWrite, Buffer(BufferMemoryState.ReadWrite, 64), length: 32);

        Assert.That(pattern.Select(a => (OutputOffset(trace, a), a.Size, a.IsWrite)), Is.EqualTo(new[] { (0UL, 32U, true) }));
    }

    [Test]
    public async Task TouchesThroughTheMdlSystemAddressAreNotUserTouches()
    {
        var (outcome, pattern, _) = await FireAsync(Exerciser.DirectTouchSystemAddress, Exerciser.ModeWrite, Buffer(BufferMemoryState.ReadWrite, 64));

        Assert.That(outcome.Status, Is.Zero);
        Assert.That(pattern, Is.Empty);
    }

    [Test]
    public async Task MoreTouchesThanTheTraceHoldsAreCountedNotLost()
    {
        // Every other byte of 10000: 5000 separate records, past the 4096 the trace holds.
        var (_, _, trace) = await FireAsync(Exerciser.TouchBytes, Exerciser.ModeRead | Exerciser.TouchSparse, Buffer(BufferMemoryState.ReadWrite, 10_000));

        Assert.That(trace.Accesses, Has.Count.EqualTo(4096));
        Assert.That((ulong)trace.Accesses.Count + trace.Dropped, Is.EqualTo(5001UL), "5000 touches and the parameters");
    }

    [Test]
    public async Task WithTheTraceOffNothingIsClaimed()
    {
        await using var untraced = await StartAsync(ExerciserPath, Exerciser.Device, accessTrace: false);
        var outcome = await CallAsync(untraced, Exerciser.Call(Exerciser.TouchBytes, Exerciser.Parameters(length: 8), Buffer(BufferMemoryState.ReadWrite, 64)));

        Assert.That(outcome.Status, Is.Zero);
        Assert.That(outcome.UserAccesses, Is.Null, "not observed, never an empty (clean) trace");
    }
}
