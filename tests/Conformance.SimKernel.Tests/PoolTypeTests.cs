using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>Every POOL_TYPE the DDK declares (ne-wdm-_pool_type) is special pool here, through both legacy allocators.</summary>
[TestFixture]
public sealed class PoolTypeTests
{
    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ForeignExerciser.LibraryPath, ForeignExerciser.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    [Test]
    public async Task EveryPoolTypeTheDdkDeclaresAllocates()
    {
        var outcome = await CallAsync(target, ForeignExerciser.PoolTypesCall());

        Assert.That(outcome.Status, Is.EqualTo(Status.Success), outcome.Detail);
        Assert.That(BitConverter.ToUInt32(outcome.OutputAfter), Is.EqualTo(23), "the 23 names of POOL_TYPE, each allocated, written and freed");
    }
}
