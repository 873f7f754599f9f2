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
    public async Task BufferedNullOutputForcesOutputLengthToZero()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Buffer(BufferMemoryState.Null, 0, declared: 64));
        Assert.That(Field(view, "OutputBufferLength"), Is.Zero);
    }

    [TestCase(Exerciser.IrpViewBuffered)]
    [TestCase(Exerciser.IrpViewInDirect)]
    [TestCase(Exerciser.IrpViewOutDirect)]
    public async Task NullInputForcesInputLengthToZeroExceptForNeither(uint code)
    {
        var (_, view) = await ViewAsync(code, Buffer(BufferMemoryState.Null, 0, declared: 32), Buffer(BufferMemoryState.ReadWrite, 16));
        Assert.That(Field(view, "InputBufferLength"), Is.Zero);
    }

    [Test]
    public async Task NeitherPassesRawPointersAndLengths()
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
    public async Task BufferedSystemBufferIsMaxOfBothLengthsAndNotZeroed()
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
    public async Task ErrorStatusCopiesNothingBack()
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
    public async Task WarningStatusCopiesBack()
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
    public async Task ZeroLengthOutputGivesNullMdl(uint code)
    {
        var (_, view) = await ViewAsync(code, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 16, declared: 0));
        Assert.That(Field(view, "MdlAddressIsNull"), Is.EqualTo(1));
    }

    [Test]
    public async Task DirectOutputIsDescribedByAnMdl()
    {
        var (_, view) = await ViewAsync(Exerciser.IrpViewOutDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadWrite, 100, offset: 3));
        Assert.Multiple(() =>
        {
            Assert.That(Field(view, "MdlAddressIsNull"), Is.Zero);
            Assert.That(Field(view, "MdlByteCount"), Is.EqualTo(100));
        });
    }

    [Test]
    public async Task ReadOnlyOutputIsAcceptedForInDirect()
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewInDirect, Exerciser.Parameters(), Buffer(BufferMemoryState.ReadOnly, 32));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.Success));
            Assert.That(view, Is.Not.Null);
        });
    }

    [Test]
    public async Task ReadOnlyOutputIsRefusedForOutDirect()
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
    public async Task BufferedOutputIsProbedForWriteBeforeAnyIrp(BufferMemoryState state)
    {
        var (outcome, view) = await ViewAsync(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Buffer(state, 32));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(view, Is.Null);
        });
    }

    [Test]
    public async Task AccessBitsMismatchGivesAccessDenied()
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
}
