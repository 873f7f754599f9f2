using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

public class NtStatusTests
{
    [TestCase("STATUS_SUCCESS", 0x00000000u)]
    [TestCase("STATUS_PENDING", 0x00000103u)]
    [TestCase("STATUS_BUFFER_OVERFLOW", 0x80000005u)]
    [TestCase("STATUS_DATATYPE_MISALIGNMENT", 0x80000002u)]
    [TestCase("STATUS_UNSUCCESSFUL", 0xC0000001u)]
    [TestCase("STATUS_NOT_IMPLEMENTED", 0xC0000002u)]
    [TestCase("STATUS_INVALID_INFO_CLASS", 0xC0000003u)]
    [TestCase("STATUS_INFO_LENGTH_MISMATCH", 0xC0000004u)]
    [TestCase("STATUS_ACCESS_VIOLATION", 0xC0000005u)]
    [TestCase("STATUS_INVALID_HANDLE", 0xC0000008u)]
    [TestCase("STATUS_INVALID_PARAMETER", 0xC000000Du)]
    [TestCase("STATUS_INVALID_DEVICE_REQUEST", 0xC0000010u)]
    [TestCase("STATUS_ACCESS_DENIED", 0xC0000022u)]
    [TestCase("STATUS_BUFFER_TOO_SMALL", 0xC0000023u)]
    [TestCase("STATUS_OBJECT_NAME_NOT_FOUND", 0xC0000034u)]
    [TestCase("STATUS_INTEGER_DIVIDE_BY_ZERO", 0xC0000094u)]
    [TestCase("STATUS_INTEGER_OVERFLOW", 0xC0000095u)]
    [TestCase("STATUS_INSUFFICIENT_RESOURCES", 0xC000009Au)]
    [TestCase("STATUS_DEVICE_NOT_READY", 0xC00000A3u)]
    [TestCase("STATUS_NOT_SUPPORTED", 0xC00000BBu)]
    [TestCase("STATUS_INVALID_USER_BUFFER", 0xC00000E8u)]
    [TestCase("STATUS_ILLEGAL_INSTRUCTION", 0xC000001Du)]
    [TestCase("STATUS_CANCELLED", 0xC0000120u)]
    [TestCase("STATUS_INVALID_BUFFER_SIZE", 0xC0000206u)]
    public void NameAndValueMapBothWays(string name, uint value)
    {
        Assert.That(NtStatus.TryGetValue(name, out var found), Is.True);
        Assert.That(unchecked((uint)found), Is.EqualTo(value));
        Assert.That(NtStatus.NameOf(found), Is.EqualTo(name));
    }

    [Test]
    public void TableIsLargeAndUnambiguous()
    {
        Assert.That(NtStatus.Names, Has.Count.GreaterThanOrEqualTo(60));
        Assert.That(NtStatus.Names, Is.Unique);
        Assert.That(NtStatus.Names.Select(n => NtStatus.TryGetValue(n, out var v) ? v : -1), Is.Unique);
        Assert.That(NtStatus.Names, Has.All.StartsWith("STATUS_"));
    }

    [TestCase(0x00000000u, StatusSeverity.Success)]
    [TestCase(0x00000103u, StatusSeverity.Success)]
    [TestCase(0x40000000u, StatusSeverity.Information)]
    [TestCase(0x80000005u, StatusSeverity.Warning)]
    [TestCase(0xC0000005u, StatusSeverity.Error)]
    public void SeverityComesFromTheTopTwoBits(uint value, StatusSeverity severity) =>
        Assert.That(NtStatus.SeverityOf(unchecked((int)value)), Is.EqualTo(severity));

    [Test]
    public void FormatsUnknownValuesInHex()
    {
        Assert.That(NtStatus.Format(unchecked((int)0xC0000005)), Is.EqualTo("STATUS_ACCESS_VIOLATION"));
        Assert.That(NtStatus.Format(unchecked((int)0xC0DE0001)), Is.EqualTo("0xC0DE0001"));
    }
}
