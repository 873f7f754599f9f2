using System.Buffers.Binary;
using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class HelloMessageTests
{
    private static readonly HelloMessage Sample = new()
    {
        ProcessId = 4242,
        Readiness = HostReadiness.DriverLoadFailed,
        FailureMessage = "Loading driver '/tmp/ü.so' failed with 0xC0000135 (STATUS_DLL_NOT_FOUND).",
        BootResult = 0,
        DriverLoadStatus = unchecked((int)0xC0000135),
        DeviceOpenStatus = 0,
        DriverPath = "/tmp/ü.so",
        DeviceName = @"\Device\ConformanceSample",
        UserRegionStart = 0x10000,
        MmUserProbeAddress = 0x7FFF_FFFF_0000,
        KernelCanaryAddress = 0xFFFF_8000_0000_1000,
        KernelSecretAddress = 0xFFFF_8000_0000_2000,
        KernelSecret = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray(),
        PoolPoisonByte = 0xD3,
        StackPoisonByte = 0xC7,
        PageSize = 4096,
        Devices = [@"\Device\LegacyWdm", string.Empty],
        SymbolicLinks = [new SymbolicLinkName(@"\DosDevices\LegacyWdm", @"\Device\LegacyWdm")],
    };

    [Test]
    public void EveryFieldRoundTrips()
    {
        var (kind, payload) = Frames.RoundTrip(Sample.Write);

        Assert.That(kind, Is.EqualTo(MessageKind.Hello));
        Assert.That(HelloMessage.Read(payload), Is.EqualTo(Sample));
    }

    [Test]
    public void EmptyTextsAndSecretRoundTrip()
    {
        var hello = new HelloMessage();

        Assert.That(HelloMessage.Read(Frames.RoundTrip(hello.Write).Payload), Is.EqualTo(hello));
    }

    [Test]
    public void AHelloListingMoreDevicesThanAKernelKeepsIsRefused()
    {
        var tooMany = Sample with { Devices = [.. Enumerable.Repeat(@"\Device\X", ProtocolLimits.MaxNamespaceEntries + 1)] };

        Assert.That(() => HelloMessage.Read(Frames.RoundTrip(tooMany.Write).Payload), Throws.TypeOf<ProtocolException>().With.Message.Contains("device names"));
    }

    [Test]
    public void AnotherProtocolVersionIsRefusedWithBothVersions()
    {
        var (_, payload) = Frames.RoundTrip(Sample.Write);
        BinaryPrimitives.WriteUInt16LittleEndian(payload.AsSpan(4), ProtocolLimits.Version + 1);

        Assert.That(
            () => HelloMessage.Read(payload),
            Throws.TypeOf<ProtocolException>().With.Message.Contains($"version {ProtocolLimits.Version + 1}").And.Message.Contains($"speaks {ProtocolLimits.Version}"));
    }

    [Test]
    public void APeerThatIsNotSimHostIsRecognised()
    {
        var (_, payload) = Frames.RoundTrip(Sample.Write);
        payload[0] ^= 0xFF;

        Assert.That(() => HelloMessage.Read(payload), Throws.TypeOf<ProtocolException>().With.Message.Contains("not a SimHost"));
    }
}
