using Conformance.Targets;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// Edge coverage (src/cov.c, docs/fuzz.md): each call's outcome carries how many distinct driver edges its dispatch
/// took and a signature of that set, the same for the same path and different for another one; null for a driver
/// built without the instrumentation.
/// </summary>
[TestFixture]
public sealed class EdgeCoverageTests
{
    // A function code the reference driver does not handle (its dispatch's default branch).
    private const uint UnhandledCode = 0x8C012FFC;
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ReferenceDriverPath, ReferenceDriver.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    private Task<CallOutcome> FireAsync(uint code, byte fill = 0x11)
    {
        var (input, output) = code == UnhandledCode ? (BufferSpec.None, ReferenceDriver.Rw(16)) : ReferenceDriver.WellFormed(code);
        return CallAsync(target, ReferenceDriver.Call(code, input, output with { FillByte = fill }));
    }

    [Test]
    public async Task TwoCallsDownTheSamePathHaveTheSameSignature()
    {
        var first = await FireAsync(ReferenceDriver.Ping);
        var second = await FireAsync(ReferenceDriver.Ping, fill: 0x5A);

        Assert.Multiple(() =>
        {
            Assert.That(first.EdgeCount, Is.GreaterThan(0), "the reference driver is built with edge coverage");
            Assert.That(first.EdgeSignature, Is.Not.Null);
            Assert.That(second.EdgeSignature, Is.EqualTo(first.EdgeSignature), "other data, the same path");
            Assert.That(second.EdgeCount, Is.EqualTo(first.EdgeCount));
        });
    }

    [Test]
    public async Task AHandledAndAnUnhandledCodeHaveDifferentSignatures()
    {
        var handled = await FireAsync(ReferenceDriver.Ping);
        var unhandled = await FireAsync(UnhandledCode);

        Assert.Multiple(() =>
        {
            Assert.That(unhandled.Status, Is.EqualTo(Status.InvalidDeviceRequest));
            Assert.That(unhandled.EdgeSignature, Is.Not.Null);
            Assert.That(unhandled.EdgeSignature, Is.Not.EqualTo(handled.EdgeSignature));
        });
    }

    [Test]
    public async Task EachIoctlOfTheReferenceDriverTakesItsOwnPath()
    {
        uint[] codes = [ReferenceDriver.Ping, ReferenceDriver.BufferedTransform, ReferenceDriver.InDirectStore, ReferenceDriver.OutDirectFetch,
            ReferenceDriver.NeitherTransform, ReferenceDriver.NeitherRecords, ReferenceDriver.ResetConfig, UnhandledCode];
        var signatures = new List<ulong?>();
        foreach (uint code in codes)
        {
            signatures.Add((await FireAsync(code)).EdgeSignature);
        }

        Assert.That(signatures, Is.Unique);
    }

    [Test]
    public async Task ADriverWithoutTheInstrumentationHasNoEdges()
    {
        await using var foreign = await StartAsync(ForeignExerciser.LibraryPath, ForeignExerciser.Device);

        var outcome = await CallAsync(foreign, ForeignExerciser.PoolTypesCall());

        Assert.Multiple(() =>
        {
            Assert.That(outcome.ReachedDriver, Is.True);
            Assert.That(outcome.EdgeCount, Is.Null);
            Assert.That(outcome.EdgeSignature, Is.Null);
        });
    }
}
