using Conformance.SimHost;

namespace Conformance.Simulator.Tests.Host;

[TestFixture]
public sealed class HostArgumentsTests
{
    [Test]
    public void AllOptionsAreRead()
    {
        var parsed = HostArguments.Parse(
            ["--socket", "/s", "--driver", "/d.so", "--bugcheck-file", "/b", "--registry", "DefectVariant=2", "--registry", "Mask=0x10", "--device", @"\Device\X", "--client-pid", "4242"]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parsed.SocketPath, Is.EqualTo("/s"));
            Assert.That(parsed.DriverPath, Is.EqualTo("/d.so"));
            Assert.That(parsed.BugcheckFile, Is.EqualTo("/b"));
            Assert.That(parsed.DeviceName, Is.EqualTo(@"\Device\X"));
            Assert.That(parsed.ClientProcessId, Is.EqualTo(4242));
            Assert.That(parsed.Registry, Is.EqualTo(new[] { new KeyValuePair<string, uint>("DefectVariant", 2), new KeyValuePair<string, uint>("Mask", 16) }));
        }
    }

    [Test]
    public void TheSandboxAndTheLoadOnlyModeAreRead()
    {
        var parsed = HostArguments.Parse(["--socket", "/s", "--driver", "/d.so", "--bugcheck-file", "/b", "--sandbox", "/run/sandbox", "--open-device", "off"]);

        Assert.That((parsed.Sandbox, parsed.OpenDevice), Is.EqualTo(("/run/sandbox", false)));
    }

    [Test]
    public void WithoutThemThereIsNoSandboxAndTheDeviceIsOpened()
    {
        var parsed = HostArguments.Parse(["--socket", "/s", "--driver", "/d.so", "--bugcheck-file", "/b"]);

        Assert.That((parsed.Sandbox, parsed.OpenDevice), Is.EqualTo(((string?)null, true)));
    }

    [Test]
    public void TheDeviceDefaultsToTheReferenceDriver()
    {
        var parsed = HostArguments.Parse(["--socket", "/s", "--driver", "/d.so", "--bugcheck-file", "/b"]);

        Assert.That(parsed.DeviceName, Is.EqualTo(@"\Device\ConformanceSample"));
    }

    [TestCase(new[] { "--driver", "/d.so", "--bugcheck-file", "/b" }, "--socket is required")]
    [TestCase(new[] { "--socket", "/s", "--driver" }, "--driver needs a value")]
    [TestCase(new[] { "--socket", "/s", "--driver", "/d", "--bugcheck-file", "/b", "--registry", "NoValue" }, "Name=Value")]
    [TestCase(new[] { "--socket", "/s", "--driver", "/d", "--bugcheck-file", "/b", "--registry", "X=-1" }, "not a DWORD")]
    [TestCase(new[] { "--bogus", "1" }, "Unknown option")]
    [TestCase(new[] { "--socket", "/s", "--driver", "/d", "--bugcheck-file", "/b", "--open-device", "maybe" }, "--open-device expects on or off")]
    [TestCase(new[] { "--socket", "/s", "--driver", "/d", "--bugcheck-file", "/b", "--client-pid", "me" }, "--client-pid expects a process id")]
    public void BadCommandLinesSayWhatIsWrong(string[] args, string expected)
    {
        Assert.That(() => HostArguments.Parse(args), Throws.TypeOf<HostArgumentException>().With.Message.Contains(expected));
    }
}
