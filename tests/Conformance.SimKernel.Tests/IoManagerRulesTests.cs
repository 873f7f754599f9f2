using System.Globalization;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>The I/O manager's per-method rules of reference B2, observed through the exerciser's IrpView event.</summary>
[TestFixture]
public sealed class IoManagerRulesTests
{
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private async Task<(CallOutcome Outcome, IReadOnlyDictionary<string, object>? View)> ViewAsync(
        uint code, BufferSpec input, BufferSpec output, uint grantedAccess = 3)
    {
        var outcome = await CallAsync(target, Exerciser.Call(code, input, output, grantedAccess));
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Detail);
        var view = outcome.Events.FirstOrDefault(e => e.Name == "IrpView")?.Fields;
        return (outcome, view);
    }

    private static ulong Field(IReadOnlyDictionary<string, object>? view, string name)
    {
        Assert.That(view, Is.Not.Null, "the driver logged no IrpView: the IRP never reached it");
        return Convert.ToUInt64(view![name], CultureInfo.InvariantCulture);
    }

    [Test]
    public async Task I1_BufferedNullOutputForcesOutputLengthToZero()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Buffer(BufferMemoryState.Null, 0, declared: 64));
        Assert.That(Field(view, "OutputBufferLength"), Is.Zero);
    }

    [TestCase(Exerciser.IrpViewBuffered)]
    [TestCase(Exerciser.IrpViewInDirect)]
    [TestCase(Exerciser.IrpViewOutDirect)]
    public async Task I2_NullInputForcesInputLengthToZeroExceptForNeither(uint code)
    {
        var (_, view) = await ViewAsync(code, Buffer(BufferMemoryState.Null, 0, declared: 32), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.That(Field(view, "InputBufferLength"), Is.Zero);
    }

    [Test]
    public async Task I22_NeitherPassesRawPointersAndLengths()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewNeither, Buffer(BufferMemoryState.Null, 0, declared: 32), Buffer(BufferMemoryState.Kernel, 16));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "InputBufferLength"), Is.EqualTo(32));
            Assert.That(Field(view, "OutputBufferLength"), Is.EqualTo(16));
            Assert.That(Field(view, "SystemBufferIsNull"), Is.EqualTo(1));
            Assert.That(Field(view, "MdlAddressIsNull"), Is.EqualTo(1));
            Assert.That(Field(view, "UserBuffer"), Is.EqualTo(target.Capabilities.KernelAddress));
        });
    }

    [Test]
    public async Task I6_BufferedSystemBufferIsMaxOfBothLengthsAndNotZeroed()
    {
        // The exerciser fills OutputBufferLength bytes with 0xAB and reports Information 48 of 64:
        // bytes 48..63 stay as the caller left them (only Information bytes are copied back).
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 48), Buffer(BufferMemoryState.ReadWrite, 64));
        Assert.That(outcome.OutputAfter, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.OutputAfter![..48], Is.All.EqualTo(0xAB));
            Assert.That(outcome.OutputAfter![48..], Is.All.EqualTo(0x11));
        });
    }

    [Test]
    public async Task I10_ErrorStatusCopiesNothingBack()
    {
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered,
            Exerciser.Parameters(status: unchecked((uint)Status.Unsuccessful), information: 16), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Unsuccessful));
            Assert.That(outcome.OutputAfter, Is.All.EqualTo(0x11));
        });
    }

    [Test]
    public async Task I10_WarningStatusCopiesBack()
    {
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered,
            Exerciser.Parameters(status: unchecked((uint)Status.BufferOverflow), information: 8), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.BufferOverflow));
            Assert.That(outcome.OutputAfter![..8], Is.All.EqualTo(0xAB));
            Assert.That(outcome.OutputAfter![8..], Is.All.EqualTo(0x11));
        });
    }

    [TestCase(Exerciser.IrpViewInDirect)]
    [TestCase(Exerciser.IrpViewOutDirect)]
    public async Task I20_ZeroLengthOutputGivesNullMdl(uint code)
    {
        var (_, view) = await ViewAsync(code, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16, declared: 0));
        Assert.That(Field(view, "MdlAddressIsNull"), Is.EqualTo(1));
    }

    [Test]
    public async Task I20_DirectOutputIsDescribedByAnMdl()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewOutDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 100, offset: 3));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "MdlAddressIsNull"), Is.Zero);
            Assert.That(Field(view, "MdlByteCount"), Is.EqualTo(100));
        });
    }

    [Test]
    public async Task I18_ReadOnlyOutputIsAcceptedForInDirect()
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewInDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadOnly, 32));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(view, Is.Not.Null);
        });
    }

    [Test]
    public async Task I18_ReadOnlyOutputIsRefusedForOutDirect()
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewOutDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadOnly, 32));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(outcome.ReachedDriver, Is.False);
            Assert.That(view, Is.Null);
        });
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.Decommitted)]
    [TestCase(BufferMemoryState.Kernel)]
    public async Task I3_BufferedOutputIsProbedForWriteBeforeAnyIrp(BufferMemoryState state)
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Buffer(state, 32));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(view, Is.Null);
        });
    }

    [Test]
    public async Task I4_AccessBitsMismatchGivesAccessDenied()
    {
        var (denied, deniedView) = await ViewAsync(Exerciser.IrpViewWriteAccess, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16), grantedAccess: 1);
        var (allowed, _) = await ViewAsync(Exerciser.IrpViewWriteAccess, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16), grantedAccess: 3);
        Assert.Multiple(() =>
        {
            Assert.That(denied.Status, Is.EqualTo(Status.AccessDenied));
            Assert.That(deniedView, Is.Null);
            Assert.That(allowed.Status, Is.EqualTo(Status.Success));
        });
    }

    private const ulong IrpInputOperation = 0x40;

    [Test]
    public async Task I11_ZeroLengthOutputAtAKernelAddressWithInformationMakesTheIoManagerWriteThere()
    {
        // Length 0 passes ProbeForWrite unchecked ([ProbeForWrite]), the output pointer is not NULL so the copy-back
        // is armed (ReactOS iofunc.c), and the I/O manager trusts Information ([Failure to Check the Size of Buffers]).
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 8), Buffer(BufferMemoryState.Kernel, 16, declared: 0));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(outcome.CanaryIntact, Is.False);
        });
    }

    [Test]
    public async Task I9_NullOutputWithInformationCopiesNothingBack()
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 16), Buffer(BufferMemoryState.Null, 0, declared: 64));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(Field(view, "Flags") & IrpInputOperation, Is.Zero);
            Assert.That(outcome.CanaryIntact, Is.True);
        });
    }

    [TestCase(Exerciser.IrpViewReadAccess, 2u, Status.AccessDenied)]
    [TestCase(Exerciser.IrpViewReadAccess, 1u, Status.Success)]
    [TestCase(Exerciser.IrpViewReadAccess, 0u, Status.AccessDenied)]
    [TestCase(Exerciser.IrpViewWriteAccess, 0u, Status.AccessDenied)]
    [TestCase(Exerciser.IrpViewBuffered, 0u, Status.Success)]
    public async Task I4_ControlCodeAccessBitsAreCheckedAgainstTheHandle(uint code, uint granted, int expected)
    {
        // [Defining I/O Control Codes]: FILE_ANY_ACCESS needs nothing; read/write bits need the handle's access.
        var (outcome, view) = await ViewAsync(code, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16), grantedAccess: granted);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(expected));
            Assert.That(view is not null, Is.EqualTo(expected == Status.Success));
        });
    }

    [TestCase(Exerciser.IrpViewInDirect, BufferMemoryState.Null)]
    [TestCase(Exerciser.IrpViewOutDirect, BufferMemoryState.Null)]
    [TestCase(Exerciser.IrpViewInDirect, BufferMemoryState.NoAccess)]
    [TestCase(Exerciser.IrpViewOutDirect, BufferMemoryState.NoAccess)]
    public async Task I18_DirectOutputThatCannotBeLockedFailsTheCallBeforeAnyIrp(uint code, BufferMemoryState state)
    {
        // ReactOS iofunc.c: a non-zero output length is locked in an MDL whatever the pointer; the probe's
        // exception is the call's status.
        var (outcome, view) = await ViewAsync(code, Exerciser.Parameters(), Buffer(state, 16, declared: 16));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(outcome.ReachedDriver, Is.False);
            Assert.That(view, Is.Null);
        });
    }

    [TestCase(1u, 2u, Status.AccessDenied)]
    [TestCase(3u, 2u, Status.Success)]
    [TestCase(2u, 1u, Status.AccessDenied)]
    [TestCase(1u, 1u, Status.Success)]
    [TestCase(0u, 0u, Status.Success)]
    public async Task I5_IoValidateDeviceIoControlAccessSeesTheHandlesGrantedAccess(uint granted, uint required, int expected)
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.ValidateAccess, Exerciser.Parameters(mode: required), Buffer(BufferMemoryState.ReadWrite, 16), granted));
        Assert.That(outcome.Status, Is.EqualTo(expected));
    }

    [Test]
    public async Task I7_BufferedWithBothLengthsZeroHasNoSystemBufferNoUserBufferAndNoFlags()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewBuffered, Buffer(BufferMemoryState.ReadWrite, 16, declared: 0), Buffer(BufferMemoryState.ReadWrite, 16, declared: 0));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "SystemBufferIsNull"), Is.EqualTo(1));
            Assert.That(Field(view, "UserBuffer"), Is.Zero);
            Assert.That(Field(view, "Flags"), Is.Zero);
        });
    }

    [TestCase(Exerciser.IrpViewBuffered, false)]
    [TestCase(Exerciser.IrpViewInDirect, true)]
    [TestCase(Exerciser.IrpViewOutDirect, true)]
    public async Task I23_Type3InputBufferIsForNeitherOnlyAndUserBufferNotForDirect(uint code, bool direct)
    {
        var (_, view) = await ViewAsync(code, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "Type3InputBuffer"), Is.Zero);
            Assert.That(Field(view, "UserBuffer") == 0, Is.EqualTo(direct));
        });
    }

    [Test]
    public async Task I12_InformationPastTheSystemBufferCopiesAdjacentPoolWithoutABugcheck()
    {
        // System buffer max(32, 64) = 64 bytes; Information 128: bytes 64..127 come from past it (poison here).
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 128), Buffer(BufferMemoryState.ReadWrite, 256, declared: 64));
        byte poison = target.Capabilities.PoolPoisonByte!.Value;
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(outcome.Information, Is.EqualTo(128));
            Assert.That(outcome.OutputAfter![..64], Is.All.EqualTo(0xAB));
            Assert.That(outcome.OutputAfter![64..128], Is.All.EqualTo(poison));
            Assert.That(outcome.OutputAfter![128..], Is.All.EqualTo(0x11));
        });
    }

    [Test]
    public async Task I13_FaultWhileCopyingBackIsTheCallsStatus()
    {
        // The output ends at a no-access page and the driver reports one byte more than it holds.
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 65), Buffer(BufferMemoryState.GuardTail, 64));
        Assert.Multiple(() =>
        {
            Assert.That(view, Is.Not.Null);
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(outcome.InformationObserved, Is.False);
        });
    }

    [Test]
    public async Task I14_ErrorCompletionLeavesInformationUnobservable()
    {
        var (error, _) = await ViewAsync(Exerciser.IrpViewBuffered,
            Exerciser.Parameters(status: unchecked((uint)Status.BufferTooSmall), information: 24), Buffer(BufferMemoryState.ReadWrite, 16));
        var (warning, _) = await ViewAsync(Exerciser.IrpViewBuffered,
            Exerciser.Parameters(status: unchecked((uint)Status.BufferOverflow), information: 8), Buffer(BufferMemoryState.ReadWrite, 16));
        var (refused, _) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadOnly, 16));
        Assert.Multiple(() =>
        {
            Assert.That((error.Status, error.InformationObserved, error.Information), Is.EqualTo((Status.BufferTooSmall, false, 0UL)));
            Assert.That((warning.InformationObserved, warning.Information), Is.EqualTo((true, 8UL)));
            Assert.That((refused.Status, refused.InformationObserved), Is.EqualTo((Status.AccessViolation, false)));
        });
    }

    [Test]
    public async Task I15_IrpReturnedWithoutCompletionCopiesNothingBackAndIsReported()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.ReturnWithoutCompleting, Exerciser.Parameters(information: 16), Buffer(BufferMemoryState.ReadWrite, 16)));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(outcome.IrpCompleted, Is.False);
            Assert.That(outcome.InformationObserved, Is.False);
            Assert.That(outcome.OutputAfter, Is.All.EqualTo(0x11));
        });
    }

    [Test]
    public async Task I15_CompletedIrpIsReportedAsCompleted()
    {
        var (outcome, _) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(information: 4), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.That(outcome.IrpCompleted, Is.True);
    }

    [Test]
    public async Task I16_SecondIoCompleteRequestIsBugcheck44()
    {
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.CompleteTwice, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16)));
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck), outcome.Detail);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Bugcheck!.Code, Is.EqualTo(0x44u), outcome.Bugcheck.RawText);
            Assert.That(outcome.Bugcheck.Parameters[0], Is.Not.Zero, "parameter 1 is the IRP");
        });
    }

    [TestCase(0xFFFFF001u, Status.InsufficientResources)]
    [TestCase(0xFFFFF000u, Status.AccessViolation)]
    public async Task I19_MdlLongerThanFourGiBMinusAPageIsInsufficientResources(uint declared, int expected)
    {
        // Up to 4 GB - PAGE_SIZE the MDL is built and locking it faults past the 16 real bytes.
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewOutDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16, declared: declared));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(expected));
            Assert.That(view, Is.Null);
        });
    }

    [TestCase(0x8000_0000u)]
    [TestCase(0xFFFF_FFFFu)]
    public async Task I24_HugeBufferedLengthFailsTheSystemBufferAllocation(uint declared)
    {
        // The input probe passes (P5); the system buffer of max(in, out) cannot be had. Status UNVERIFIED (ReactOS
        // iofunc.c: the quota allocation raises).
        var input = Exerciser.Parameters() with { DeclaredLength = declared };
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewBuffered, input, Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.InsufficientResources));
            Assert.That(view, Is.Null);
        });
    }

    [TestCase(Exerciser.IrpViewInDirect)]
    [TestCase(Exerciser.IrpViewOutDirect)]
    public async Task I17_DirectInputIsCapturedInTheSystemBuffer(uint code)
    {
        // The exerciser reads its parameters from the system buffer for these methods: the status it completes
        // with is the one the input asked for, so the input bytes were copied there.
        var (outcome, view) = await ViewAsync(code, Exerciser.Parameters(status: unchecked((uint)Status.BufferOverflow), information: 0),
            Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "SystemBufferIsNull"), Is.Zero);
            Assert.That(Field(view, "InputBufferLength"), Is.EqualTo(32));
            Assert.That(outcome.Status, Is.EqualTo(Status.BufferOverflow));
        });
    }
}
