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
    public async Task P2_MisalignmentIsReportedBeforeRange(uint probe)
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
    public async Task P1_LengthZeroChecksNothing(uint probe, BufferMemoryState state)
    {
        var zeroLength = Buffer(state, 16, offset: 1, declared: 0);
        Assert.That(await ProbeAsync(probe, zeroLength, 8), Is.EqualTo(Status.Success));
    }

    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeWriteOutput, BufferMemoryState.Kernel)]
    [TestCase(Exerciser.ProbeReadOutput, BufferMemoryState.KernelInvalid)]
    public async Task P4_KernelAddressRaisesAccessViolation(uint probe, BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(probe, Buffer(state, 16), 1), Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task P5_FourGiBFromAUserBufferPassesProbeForReadAsOnX64Windows()
    {
        // x64 user space is ~128 TiB: a ULONG-sized range from a user buffer ends far below MmUserProbeAddress.
        var fourGiB = Buffer(BufferMemoryState.ReadWrite, 16, declared: 0xFFFFFFFF);
        Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, fourGiB, 1), Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task P5_UserRegionSpansTerabytes()
    {
        Assert.That(await ProbeRangeAsync(Exerciser.ModeRead, length: 1UL << 40), Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task P5_KernelAddressesLieAboveMmUserProbeAddress()
    {
        // The canary (kernel output) and the secret (kernel input) are both refused by the range check alone.
        Assert.Multiple(async () =>
        {
            Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, Buffer(BufferMemoryState.Kernel, 1), 1), Is.EqualTo(Status.AccessViolation));
            Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, Buffer(BufferMemoryState.KernelInvalid, 1), 1), Is.EqualTo(Status.AccessViolation));
        });
    }

    [TestCase(Exerciser.ProbeReadOutput)]
    [TestCase(Exerciser.ProbeWriteOutput)]
    public async Task P3_AlignmentZeroMakesEveryNonNullAddressMisaligned(uint probe)
    {
        // UNVERIFIED on Windows: ReactOS exintrin.c masks the address with Alignment - 1.
        Assert.That(await ProbeAsync(probe, Buffer(BufferMemoryState.ReadWrite, 16, offset: 16), 0), Is.EqualTo(Status.DatatypeMisalignment));
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.NoAccess)]
    [TestCase(BufferMemoryState.Decommitted)]
    public async Task P7_ProbeForWriteTouchesEveryPage(BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, Buffer(state, 3 * 4096), 1), Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task P7_ProbeForWriteTouchesTheLastPage()
    {
        // A guard-tail buffer whose declared length runs one byte into the no-access page.
        var intoGuard = Buffer(BufferMemoryState.GuardTail, 100, declared: 101);
        Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, intoGuard, 1), Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.NoAccess)]
    [TestCase(BufferMemoryState.Decommitted)]
    public async Task P6_ProbeForReadTouchesNothing(BufferMemoryState state)
    {
        Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, Buffer(state, 2 * 4096), 1), Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task P1_ReadWriteBufferPassesBothProbes()
    {
        var buffer = Buffer(BufferMemoryState.ReadWrite, 64, offset: 8);
        Assert.Multiple(async () =>
        {
            Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, buffer, 8), Is.EqualTo(Status.Success));
            Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, buffer, 8), Is.EqualTo(Status.Success));
        });
    }

    private async Task<int> ProbeRangeAsync(uint mode, ulong length = 0, int limitDelta = 0)
    {
        var parameters = Exerciser.Parameters(mode: mode, value: length, limitDelta: limitDelta);
        var outcome = await CallAsync(target, Exerciser.Call(Exerciser.ProbeRange, parameters, Buffer(BufferMemoryState.ReadWrite, 16)));
        Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Detail);
        return outcome.Status;
    }

    [TestCase(Exerciser.ModeRead)]
    [TestCase(Exerciser.ModeWrite)]
    public async Task P4_RangeEndingAtMmUserProbeAddressPassesTheRangeCheck(uint mode)
    {
        // [ProbeForRead]: the range check is end > MmUserProbeAddress; ProbeForWrite then touches the pages, and
        // the region between this buffer and the limit is reserved, not committed: a write probe faults there.
        int expected = mode == Exerciser.ModeRead ? Status.Success : Status.AccessViolation;
        Assert.That(await ProbeRangeAsync(mode | Exerciser.ProbeToLimit), Is.EqualTo(expected));
    }

    [TestCase(Exerciser.ModeRead)]
    [TestCase(Exerciser.ModeWrite)]
    public async Task P4_RangeEndingOneBytePastMmUserProbeAddressRaisesAccessViolation(uint mode)
    {
        Assert.That(await ProbeRangeAsync(mode | Exerciser.ProbeToLimit, limitDelta: 1), Is.EqualTo(Status.AccessViolation));
    }

    [TestCase(Exerciser.ModeRead)]
    [TestCase(Exerciser.ModeWrite)]
    public async Task P4_RangeThatWrapsAroundRaisesAccessViolation(uint mode)
    {
        Assert.That(await ProbeRangeAsync(mode, length: ulong.MaxValue - 8), Is.EqualTo(Status.AccessViolation));
    }

    [Test]
    public async Task P6_ProbeForReadOfNullPasses()
    {
        // Only the range is checked, and [0, n) lies below MmUserProbeAddress (ReactOS exintrin.c does the same).
        Assert.That(await ProbeAsync(Exerciser.ProbeReadOutput, Buffer(BufferMemoryState.Null, 0, declared: 16), 1), Is.EqualTo(Status.Success));
    }

    [Test]
    public async Task P7_ProbeForWriteOfNullRaisesAccessViolation()
    {
        // ProbeForWrite touches the first page, which is the never-mapped NULL page region.
        Assert.That(await ProbeAsync(Exerciser.ProbeWriteOutput, Buffer(BufferMemoryState.Null, 0, declared: 16), 1), Is.EqualTo(Status.AccessViolation));
    }
}
