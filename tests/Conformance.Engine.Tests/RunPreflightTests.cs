namespace Conformance.Engine.Tests;

/// <summary>
/// Ordinary mistakes are refused by <see cref="ConformanceRun.Open"/> before the run folder exists, so every front end
/// (the CLI, the NUnit suite, run-suite.ps1 through the CLI) reports them and leaves nothing behind.
/// </summary>
public sealed class RunPreflightTests
{
    [Test]
    public void AFilterThatSelectsNoCaseIsRefusedNamingTheFilter()
    {
        var settings = Repository.Settings("nomatchxyz");

        Assert.That(() => ConformanceRun.Open(settings), Throws.TypeOf<CaseSelectionException>().With.Message.Contains("'nomatchxyz'"));
        Assert.That(Directory.EnumerateFileSystemEntries(settings.ResolvedResultsRoot), Is.Empty);
    }

    [Test]
    public void ADriverThatIsNotThereIsRefused()
    {
        var settings = Repository.Settings("ping[") with { DriverPath = "/nonexistent/driver.so" };

        Assert.That(() => ConformanceRun.Open(settings), Throws.TypeOf<RunSettingsException>().With.Message.Contains("'/nonexistent/driver.so' not found"));
        Assert.That(Directory.EnumerateFileSystemEntries(settings.ResolvedResultsRoot), Is.Empty);
    }

    [Test]
    public void AVariantTheReferenceDriverDoesNotHaveIsRefused()
    {
        uint highest = SeededDefect.All.Max(d => d.Number);
        var settings = Repository.Settings("ping[", variant: highest + 1);

        Assert.That(() => ConformanceRun.Open(settings), Throws.TypeOf<RunSettingsException>().With.Message.Contains($"variants 0 (clean) to {highest}"));
        Assert.That(Directory.EnumerateFileSystemEntries(settings.ResolvedResultsRoot), Is.Empty);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ADriverTheSimulatorCannotLoadIsRefusedAndItsRunFolderRemoved(CancellationToken cancellationToken)
    {
        // A copy of the reference driver is "another driver": its variant table is not checked up front, so the
        // load itself fails (DriverEntry returns STATUS_INVALID_PARAMETER for a variant it does not have).
        string copy = Path.Combine(Directory.CreateTempSubdirectory("conformance-driver-").FullName, "libother.so");
        File.Copy(Path.Combine(Repository.Root, "driver-under-test", "build", "sim", "libconformance_sample.so"), copy);
        var settings = Repository.Settings("ping[", variant: SeededDefect.All.Max(d => d.Number) + 1) with { DriverPath = copy };

        var run = ConformanceRun.Open(settings);
        try
        {
            Assert.That(
                async () => await run.RunAsync(run.SelectedCases, null, cancellationToken),
                Throws.TypeOf<RunSettingsException>().With.Message.StartsWith("the simulator could not load the driver"));
        }
        finally
        {
            await run.DisposeAsync();
        }

        Assert.That(Directory.Exists(run.Directory), Is.False);
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ALivenessCallThatFailsOnAFreshDriverIsOneErrorNotADeadDevicePerCase(CancellationToken cancellationToken)
    {
        // The ping writes a 4-byte magic: a 2-byte liveness output is a profile mistake, answered STATUS_BUFFER_TOO_SMALL.
        var scenarios = Directory.CreateTempSubdirectory("conformance-scenarios-");
        string devices = Directory.CreateDirectory(Path.Combine(scenarios.FullName, "devices")).FullName;
        string profile = File.ReadAllText(Path.Combine(Repository.Root, "scenarios", "devices", "conformance-sample.yaml"));
        Assert.That(profile, Does.Contain("  output: 8\n"));
        File.WriteAllText(Path.Combine(devices, "conformance-sample.yaml"), profile.Replace("  output: 8\n", "  output: 2\n", StringComparison.Ordinal));
        File.Copy(Path.Combine(Repository.Root, "scenarios", "conformance-sample", "ping.yaml"), Path.Combine(scenarios.FullName, "ping.yaml"));
        var settings = Repository.Settings() with { ScenariosRoot = scenarios.FullName };

        var run = ConformanceRun.Open(settings);
        try
        {
            Assert.That(
                async () => await run.RunAsync(run.SelectedCases, null, cancellationToken),
                Throws.TypeOf<RunSettingsException>().With.Message.Contains("its liveness call IOCTL_SAMPLE_PING returned STATUS_BUFFER_TOO_SMALL on the freshly loaded driver"));
        }
        finally
        {
            await run.DisposeAsync();
        }

        Assert.That(Directory.Exists(run.Directory), Is.False);
    }
}
