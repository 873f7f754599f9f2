using Conformance.Cli;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

/// <summary>`conformance build-driver` as a user runs it: what it prints and the exit code it returns.</summary>
[TestFixture]
public sealed class BuildDriverCommandTests
{
    private string workspace = null!;

    [OneTimeSetUp]
    public void MakeWorkspace() => workspace = Directory.CreateTempSubdirectory("conformance-build-driver-").FullName;

    [OneTimeTearDown]
    public void RemoveWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public async Task ABuiltDriverListsWhatItsDriverEntryCreated()
    {
        string library = Path.Combine(workspace, "legacy", "liblegacy_wdm.so");

        var outcome = await CliProcess.RunAsync(Repository.Root, "build-driver", "tests/drivers/legacy-wdm", "--out", library);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Success), outcome.ToString());
            Assert.That(outcome.Out, Does.Contain("release build (DBG not defined)").And.Contains("DriverEntry: 0x00000000 (STATUS_SUCCESS)"));
            Assert.That(outcome.Out, Does.Contain(@"  device  \Device\LegacyWdm").And.Contains(@"  link    \DosDevices\LegacyWdm -> \Device\LegacyWdm"));
            Assert.That(outcome.Out, Does.Contain(@"  file    \SystemRoot\Temp\LegacyWdm.log: create -> created (kernel handle)"));
            // The compiler's own words, file:line as it prints them, and the command to run it again.
            Assert.That(outcome.Error, Does.Match(@"tests/drivers/legacy-wdm/ioctl\.c:\d+:\d+: warning: unused variable"));
            Assert.That(outcome.ErrorLines[0], Does.StartWith("$ ").And.Contains("-fms-compatibility").And.Contains("-fsanitize=kernel-address"));
            Assert.That(File.Exists(library), Is.True);
        }
    }

    [Test]
    public async Task ACompileErrorIsShownWhereTheCompilerFoundIt()
    {
        string folder = Source("broken", "#include <ntddk.h>\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    return STATUS_SUCCESS\n}\n");

        var outcome = await CliProcess.RunAsync(folder, "build-driver", ".", "--out", "out.so", "--root", Repository.Root);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Failure), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("./broken.c:4:26: error: expected ';'").And.Contains("nothing was written"));
    }

    [Test]
    public async Task AFailingDriverEntryIsNamedByItsStatus()
    {
        string folder = Source("failing", "#include <ntddk.h>\nNTSTATUS DriverEntry(PDRIVER_OBJECT d, PUNICODE_STRING r)\n{\n    UNREFERENCED_PARAMETER(d);\n    UNREFERENCED_PARAMETER(r);\n    return STATUS_DEVICE_NOT_READY;\n}\n");

        var outcome = await CliProcess.RunAsync(Repository.Root, "build-driver", folder, "--out", Path.Combine(folder, "failing.so"));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Failure), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("DriverEntry failed with 0xC00000A3 (STATUS_DEVICE_NOT_READY)"));
    }

    [Test]
    public async Task AFolderWithoutCSourcesIsAUsageError()
    {
        string empty = Directory.CreateDirectory(Path.Combine(workspace, "empty")).FullName;

        var outcome = await CliProcess.RunAsync(Repository.Root, "build-driver", empty, "--out", Path.Combine(empty, "x.so"));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
        Assert.That(outcome.ErrorLines, Is.EqualTo(new[] { $"conformance build-driver: '{empty}' holds no .c file." }));
    }

    private string Source(string name, string text)
    {
        string folder = Directory.CreateDirectory(Path.Combine(workspace, name)).FullName;
        File.WriteAllText(Path.Combine(folder, name + ".c"), text);
        return folder;
    }
}
