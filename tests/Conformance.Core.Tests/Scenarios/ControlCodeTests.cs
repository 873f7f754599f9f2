using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

public class ControlCodeTests
{
    [TestCase(0x8C01u, 0x800u, TransferMethod.Buffered, RequiredAccess.Any, 0x8C012000u)]
    [TestCase(0x8C01u, 0x806u, TransferMethod.Buffered, RequiredAccess.Write, 0x8C01A018u)]
    [TestCase(0x8C01u, 0x804u, TransferMethod.Neither, RequiredAccess.Any, 0x8C012013u)]
    [TestCase(0x8C01u, 0x802u, TransferMethod.InDirect, RequiredAccess.Any, 0x8C012009u)]
    [TestCase(0x8C01u, 0x803u, TransferMethod.OutDirect, RequiredAccess.Any, 0x8C01200Eu)]
    [TestCase(0x0022u, 0x000u, TransferMethod.Buffered, RequiredAccess.ReadWrite, 0x0022C000u)]
    [TestCase(0xFFFFu, 0xFFFu, TransferMethod.Neither, RequiredAccess.ReadWrite, 0xFFFFFFFFu)]
    public void CtlCodeComposesAndDecomposes(uint deviceType, uint function, TransferMethod method, RequiredAccess access, uint expected)
    {
        var code = ControlCode.From(deviceType, function, method, access);

        Assert.That(code.Value, Is.EqualTo(expected));
        Assert.That(code.DeviceType, Is.EqualTo(deviceType));
        Assert.That(code.Function, Is.EqualTo(function));
        Assert.That(code.Method, Is.EqualTo(method));
        Assert.That(code.Access, Is.EqualTo(access));
    }

    [Test]
    public void PrintsLikeDriverHeaders()
    {
        var code = ControlCode.From(0x8C01, 0x806, TransferMethod.Buffered, RequiredAccess.Write);

        Assert.That(code.ToString(), Is.EqualTo("0x8C01A018"));
        Assert.That(code.ToMacroString(), Is.EqualTo("CTL_CODE(0x8C01, 0x806, METHOD_BUFFERED, FILE_WRITE_ACCESS)"));
    }

    [Test]
    public void RejectsPartsThatDoNotFit()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlCode.From(0x10000, 0, TransferMethod.Buffered, RequiredAccess.Any));
        Assert.Throws<ArgumentOutOfRangeException>(() => ControlCode.From(0, 0x1000, TransferMethod.Buffered, RequiredAccess.Any));
    }
}
