using Conformance.Cli;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

/// <summary>`conformance discover` and `conformance generate` as a user runs them: the files they write and their exit codes.</summary>
[TestFixture]
public sealed class DiscoverGenerateCommandTests
{
    private string workspace = null!;

    [OneTimeSetUp]
    public void MakeWorkspace() => workspace = Directory.CreateTempSubdirectory("conformance-discover-cli-").FullName;

    [OneTimeTearDown]
    public void RemoveWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public async Task DiscoverWritesAProfileThatGenerateTurnsIntoACatalogThatRuns()
    {
        string profile = Path.Combine(workspace, "devices", "sample-found.yaml");
        string catalog = Path.Combine(workspace, "catalog");

        var discovered = await CliProcess.RunAsync(Repository.Root, "discover", "--driver", Repository.ReferenceDriver,
            "--device", @"\Device\ConformanceSample", "--device-type", "0x8C01", "--out", profile);
        var generated = await CliProcess.RunAsync(Repository.Root, "generate", "--device", profile, "--out", catalog);
        var ran = await CliProcess.RunAsync(Repository.Root, "run", "--scenarios", catalog, "--filter", "ioctl-8c01-807/", "--results", Path.Combine(workspace, "results"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(discovered.ExitCode, Is.EqualTo(ExitCodes.Success), discovered.ToString());
            Assert.That(discovered.Out, Does.Contain("sample-found.yaml: 8 IOCTL(s)"));
            Assert.That(File.ReadAllText(profile), Does.Contain("name: sample-found").And.Contains("- name: IOCTL_8C01_807").And.Contains("handle_check: { access: write, status: STATUS_ACCESS_DENIED }"));
            Assert.That(generated.ExitCode, Is.EqualTo(ExitCodes.Success), generated.ToString());
            Assert.That(generated.Out, Does.Contain("scenario files").And.Contains("run it: conformance run --scenarios"));
            Assert.That(ran.ExitCode, Is.EqualTo(ExitCodes.Success), ran.ToString());
        }
    }

    [Test]
    public async Task DiscoverWithoutADeviceIsAUsageError()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "discover", "--device-type", "0x8C01");

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("--driver LIB --device"));
    }

    [Test]
    public async Task GenerateFromAMissingProfileIsAUsageError()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "generate", "--device", Path.Combine(workspace, "none.yaml"), "--out", Path.Combine(workspace, "x"));

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("no such file"));
    }
}
