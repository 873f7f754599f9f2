using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>ProbeForRead / ProbeForWrite follow reference B1 exactly.</summary>
[TestFixture]
public sealed class ProbeRulesTests
{
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private async Task<int> ProbeAsync(uint code, BufferSpec output, uint alignment)
    {
        var outcome = await CallAsync(target, Exerciser.Call(code, Exerciser.Parameters(alignment: alignment), output));
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Detail);
        return outcome.Status;
    }

    [TestCase(Exerciser.ProbeReadOutput)]
    [TestCase(Exerciser.ProbeWriteOutput)]
    public async Task MisalignmentIsReportedBeforeRange(uint probe)
    {
        // Offset 1 with alignment 4, and a declared length that also runs past MmUserProbeAddress:
        // the misalignment wins because it is checked first.
        var misalignedAndTooLong = Buffer(BufferMemoryState.ReadWrite, 16, offset: 1, declared: 0xFFFFFFF0);
        Assert.That(await ProbeAsync(probe, misalignedAndTooLong, 4), Is.EqualTo(Status.DatatypeMisalignment));
    }

    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.KernelInvalid)]
    [TestCase(Exerciser.ProbeWriteOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeWriteOutput, BufferMemoryState.NoAccess)]
    [TestCase(Exerciser.ProbeWriteOutput, BufferMemoryState.ReadOnly)]
    public async Task LengthZeroChecksNothing(uint probe, BufferMemoryState state)
    {
        var zeroLength = Buffer(state, 16, offset: 1, declared: 0);
        Assert.That(await ProbeAsync(probe, zeroLength, 8), Is.EqualTo(Status.Success));
    }

    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeWriteOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.KernelInvalid)]
    public async Task KernelAddressRaisesAccessViolation(uint probe, BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(probe, Buffer(state, 16), 1), Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(Exerciser.ProbeReadOutput)]
    [TestCase(Exerciser.ProbeWriteOutput)]
    public async Task EndBeyondMmUserProbeAddressRaisesAccessViolation(uint probe)
    {
        // The user region is 1 GiB; 4 GiB from inside it ends past MmUserProbeAddress.
        var tooLong = Buffer(BufferMemoryState.ReadWrite, 16, declared: 0xFFFFFFFF);
        Assert.That(await ProbeAsync(probe, tooLong, 1), Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.NoAccess)]
    [TestCase(BufferMemoryState.Decommitted)]
    public async Task ProbeForWriteTouchesEveryPage(BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, Buffer(state, 3 * 4096), 1), Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task ProbeForWriteTouchesTheLastPage()
    {
        // A guard-tail buffer whose declared length runs one byte into the no-access page.
        var intoGuard = Buffer(BufferMemoryState.GuardTail, 100, declared: 101);
        Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, intoGuard, 1), Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.NoAccess)]
    [TestCase(BufferMemoryState.Decommitted)]
    public async Task ProbeForReadTouchesNothing(BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, Buffer(state, 2 * 4096), 1), Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task ReadWriteBufferPassesBothProbes()
    {
        var buffer = Buffer(BufferMemoryState.ReadWrite, 64, offset: 8);
        Assert.Multiple(async () =>
        {
            Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, buffer, 8), Is.EqualTo(Status.Success));
            Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, buffer, 8), Is.EqualTo(Status.Success));
        });
    }
}
