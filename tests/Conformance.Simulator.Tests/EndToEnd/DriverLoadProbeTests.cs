using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets.Simulator;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>Loading a driver without opening a device (build-driver's check): Hello carries what DriverEntry made.</summary>
[TestFixture]
public sealed class DriverLoadProbeTests
{
    [Test]
    public async Task TheReferenceDriversDeviceAndLinkAreListedAsItSpellsThem()
    {
        var report = await DriverLoadProbe.RunAsync(new SimulatorOptions { DriverPath = Repository.ReferenceDriver }, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(report.Loaded, Is.True, report.Failure);
            Assert.That(report.Devices, Is.EqualTo(new[] { @"\Device\ConformanceSample" }));
            Assert.That(report.SymbolicLinks, Is.EqualTo(new[] { new SymbolicLinkName(@"\DosDevices\ConformanceSample", @"\Device\ConformanceSample") }));
            Assert.That(report.FileAccesses.Records, Is.Empty);
            Assert.That(report.UnloadBugcheck, Is.Null);
        }
    }

    [Test]
    public async Task AFailingDriverEntryIsReportedWithItsStatus()
    {
        // The reference driver refuses a defect variant it does not have.
        var options = new SimulatorOptions { DriverPath = Repository.ReferenceDriver, DefectVariant = 99 };

        var report = await DriverLoadProbe.RunAsync(options, CancellationToken.None);

        Assert.That((report.Loaded, report.DriverEntryStatus), Is.EqualTo((false, unchecked((int)0xC000000D))));
        Assert.That(report.Failure, Does.Contain("STATUS_INVALID_PARAMETER"));
    }
}
