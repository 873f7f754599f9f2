using Conformance.Scenarios;
using Conformance.Verdicts;

namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class EventFieldTextTests
{
    private static readonly DeviceProfile Device = new(
        "sample", null, 0x8C01, null, null,
        [new IoctlDefinition("IOCTL_SAMPLE_NEITHER_TRANSFORM", new ControlCode(0x8C012013), null, null, null)],
        "scenarios/devices/sample.yaml")
    {
        ExceptionHandledProof = new EventProof("ExceptionHandled", "Fault"),
    };

    [TestCase(-1073741789, ExpectedResult = "STATUS_BUFFER_TOO_SMALL")]
    [TestCase(3221225477u, ExpectedResult = "STATUS_ACCESS_VIOLATION")]
    [TestCase(0, ExpectedResult = "STATUS_SUCCESS")]
    [TestCase(0xC0DE0001u, ExpectedResult = "0xC0DE0001")]
    public string StatusesAreNamedWhicheverWayTheir32BitsWereLogged(object value) => EventFieldText.Format("Status", value);

    [Test]
    public void ControlCodesAreHexWithTheProfilesIoctlName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventFieldText.Format("IoControlCode", 2348883987u, Device), Is.EqualTo("0x8C012013 (IOCTL_SAMPLE_NEITHER_TRANSFORM)"));
            Assert.That(EventFieldText.Format("IoControlCode", unchecked((int)0x8C012013), Device), Is.EqualTo("0x8C012013 (IOCTL_SAMPLE_NEITHER_TRANSFORM)"));
            Assert.That(EventFieldText.Format("IoControlCode", 0x8C012FFFu, Device), Is.EqualTo("0x8C012FFF"));
            Assert.That(EventFieldText.Format("IoControlCode", 2348883987u), Is.EqualTo("0x8C012013"));
        });
    }

    [Test]
    public void PointersAreHexLengthsDecimalStringsAsLogged()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventFieldText.Format("UserAddress", 0x7F2CCAF8B870UL), Is.EqualTo("0x00007F2CCAF8B870"));
            Assert.That(EventFieldText.Format("BufferPointer", 0xFFFFF80012345678UL), Is.EqualTo("0xFFFFF80012345678"));
            Assert.That(EventFieldText.Format("InputLength", 4096u), Is.EqualTo("4096"));
            Assert.That(EventFieldText.Format("Information", 18446744073709551615UL), Is.EqualTo("18446744073709551615"));
            Assert.That(EventFieldText.Format("Reason", "OutputBufferTooSmall"), Is.EqualTo("OutputBufferTooSmall"));
        });
    }

    [Test]
    public void TheProfilesProofFieldIsAStatusWhateverItsName()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EventFieldText.KindOf("Fault", Device), Is.EqualTo(EventFieldText.Kind.Status));
            Assert.That(EventFieldText.KindOf("Fault"), Is.EqualTo(EventFieldText.Kind.Number));
            Assert.That(EventFieldText.Format("Fault", unchecked((int)0xC0000005), Device), Is.EqualTo("STATUS_ACCESS_VIOLATION"));
        });
    }

    [Test]
    public void AllFieldsKeepTheirLoggedOrder()
    {
        var fields = new Dictionary<string, object> { ["IoControlCode"] = 2348883987u, ["Status"] = -1073741789, ["Information"] = 0UL };
        Assert.That(EventFieldText.FormatAll(fields, Device),
            Is.EqualTo("IoControlCode=0x8C012013 (IOCTL_SAMPLE_NEITHER_TRANSFORM), Status=STATUS_BUFFER_TOO_SMALL, Information=0"));
    }
}
