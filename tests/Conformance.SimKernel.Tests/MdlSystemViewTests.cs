using System.Buffers.Binary;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// An MDL's system address is a second, kernel mapping of the locked user pages (MmGetSystemAddressForMdlSafe),
/// not the user address: it keeps the byte offset, writes through it reach the caller, and re-protecting the
/// user view does not fault it.
/// </summary>
[TestFixture]
public sealed class MdlSystemViewTests
{
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ExerciserPath, Exerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private Task<CallOutcome> TouchAsync(uint mode, BufferSpec output, ulong passes = 0, RacerSpec? racer = null) =>
        CallAsync(target, Exerciser.Call(Exerciser.DirectTouchSystemAddress, Exerciser.Parameters(mode: mode, value: passes), output) with
        {
            Racer = racer ?? RacerSpec.None,
        });

    [TestCase(0u)]
    [TestCase(0x123u)]
    public async Task M1_SystemAddressIsAKernelAddressOtherThanTheUserAddress(uint offset)
    {
        var outcome = await TouchAsync(Exerciser.ModeRead | Exerciser.DirectReportAddress, Buffer(BufferMemoryState.ReadWrite, 64, offset));

        Assert.That(outcome.Status, Is.EqualTo(Status.Success));
        ulong system = BinaryPrimitives.ReadUInt64LittleEndian(outcome.OutputAfter);
        ulong userProbeAddress = BinaryPrimitives.ReadUInt64LittleEndian(outcome.OutputAfter.AsSpan(8));
        ulong user = outcome.UserAccesses!.OutputAddress;
        Assert.Multiple(() =>
        {
            Assert.That(system, Is.Not.EqualTo(user));
            Assert.That(system, Is.GreaterThanOrEqualTo(userProbeAddress), "not a user address");
            Assert.That(system % 4096, Is.EqualTo(user % 4096), "the view keeps the byte offset in the page");
            Assert.That(outcome.UserAccesses.Accesses, Is.Empty, "touches through the view are not user touches");
        });
    }

    [Test]
    public async Task M2_WriteThroughTheSystemAddressReachesTheCallersBuffer()
    {
        var outcome = await TouchAsync(Exerciser.ModeWrite, Buffer(BufferMemoryState.ReadWrite, 300, offset: 4000));

        Assert.That(outcome.Status, Is.EqualTo(Status.Success));
        Assert.That(outcome.OutputAfter, Is.EqualTo(Enumerable.Range(0, 300).Select(i => (byte)i).ToArray()), "across the page boundary too");
    }

    [Test]
    public async Task M3_ProtectionRacerOnTheUserPagesDoesNotFaultTheSystemView()
    {
        // The racer flips the user pages between read-write and no access every 2 ms, the first flip 2 ms after
        // the call starts (racer.c), so the I/O manager's probe of the user view normally passes; if it meets a
        // no-access moment the call fails before the driver (as on Windows) and is repeated. Once in the driver,
        // 1000 write passes over the page through the system view (tens of ms, many flips) must all land.
        var racer = new RacerSpec(RacerKind.Protection, RacerTarget.Output, 0, 4096, PeriodNs: 2_000_000);
        int reached = 0, attempts = 0;
        var inDriver = TimeSpan.Zero;
        for (; attempts < 100 && reached < 3; attempts++)
        {
            var outcome = await TouchAsync(Exerciser.ModeWrite, Buffer(BufferMemoryState.ReadWrite, 4096), passes: 1000, racer: racer);
            Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Bugcheck?.RawText);
            if (outcome.ReachedDriver != true)
            {
                Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation), "only the probe of the user view may fail");
                continue;
            }

            reached++;
            inDriver += outcome.Elapsed;
            Assert.Multiple(() =>
            {
                Assert.That(outcome.Status, Is.EqualTo(Status.Success), "the system view must not fault");
                Assert.That(outcome.OutputAfter, Is.EqualTo(Enumerable.Range(0, 4096).Select(i => (byte)i).ToArray()));
            });
        }

        TestContext.Out.WriteLine($"{reached} of {attempts} calls reached the driver, {inDriver.TotalMilliseconds / Math.Max(reached, 1):F1} ms each");
        Assert.That(reached, Is.GreaterThan(0), "no call got past the probe");
    }
}
