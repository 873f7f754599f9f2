using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>expect: logs_validation_failure / logs_handled_exception, and the profile's proofs they rely on.</summary>
[TestFixture]
public sealed class ProofShortFormTests
{
    [Test]
    public void TheReferenceProfileNamesItsProofEvents()
    {
        var device = DeviceProfileSet.LoadDirectory(RepoPaths.Devices).Profiles.Single(p => p.Name == "conformance-sample");
        Assert.Multiple(() =>
        {
            Assert.That(device.ValidationFailedProof, Is.EqualTo(new EventProof("ValidationFailed", "Status")));
            Assert.That(device.ExceptionHandledProof, Is.EqualTo(new EventProof("ExceptionHandled", "ExceptionCode")));
        });
    }

    [Test]
    public void ShortFormsReachTheExpectationAndCountAsEventAssertions()
    {
        var expect = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            expect: { status: STATUS_ACCESS_VIOLATION, logs_handled_exception: true }
            """).Cases[0].Expect;
        Assert.Multiple(() =>
        {
            Assert.That(expect.LogsHandledException, Is.True);
            Assert.That(expect.LogsValidationFailure, Is.False);
            Assert.That(expect.AssertsEvents, Is.True);
        });
    }

    [Test]
    public void AShortFormWithoutAProofInTheProfileIsALoadError()
    {
        string devices = Directory.CreateTempSubdirectory("devices-").FullName;
        File.WriteAllText(Path.Combine(devices, "proofless.yaml"), """
            name: proofless
            device_type: 0x8C01
            open: { simulator: { driver: x.so, device: \Device\X } }
            ioctls:
              - { name: PING, function: 0x800, method: buffered, access: any }
            """);
        var profiles = DeviceProfileSet.LoadDirectory(devices);
        var result = ScenarioLoader.LoadText("""
            device: proofless
            ioctl: PING
            expect:
              logs_validation_failure: true
            """, "proofless-case", "proofless-case.yaml", devices, profiles);
        Assert.That(result.Errors.Single().ToString(),
            Does.Contain("proofless-case.yaml:4:28").And.Contain("names no event for 'logs_validation_failure'").And.Contain("proofs:"));
    }
}
