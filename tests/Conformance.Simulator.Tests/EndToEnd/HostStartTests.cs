using Conformance.Simulator.Tests.Support;
using Conformance.Targets.Simulator;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>Bringing SimHost up: its private socket, and clear messages when something it needs is missing.</summary>
[TestFixture]
public sealed class HostStartTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task TheSocketDirectoryIs0700TheSocketIs0600AndBothGoOnDispose(CancellationToken cancellationToken)
    {
        var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        string directory = target.PrivateDirectoryPath!;
        string socket = target.SocketPath!;
        try
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(File.GetUnixFileMode(directory), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute));
                Assert.That(File.GetUnixFileMode(socket), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
                Assert.That(Path.GetDirectoryName(socket), Is.EqualTo(directory));
            }
        }
        finally
        {
            await target.DisposeAsync();
        }

        Assert.That(Directory.Exists(directory), Is.False);
    }

    [Test]
    [CancelAfter(30_000)]
    public void AMisspeltDeviceIsACleanErrorNamingTheDevicesTheDriverMade(CancellationToken cancellationToken)
    {
        var options = TestSimulator.Options();
        options.DeviceName = @"\Device\ConformanceSampel";

        Assert.That(
            () => TestSimulator.StartAsync(options, cancellationToken),
            Throws.TypeOf<SimulatorStartException>().With.Message.Contains("STATUS_OBJECT_NAME_NOT_FOUND")
                .And.Message.Contains(@"its DriverEntry created \Device\ConformanceSample (links: \DosDevices\ConformanceSample -> \Device\ConformanceSample)"));
    }

    [Test]
    [CancelAfter(30_000)]
    public void AMissingDriverIsNamedInTheMessage(CancellationToken cancellationToken)
    {
        string missing = Path.Combine(Path.GetTempPath(), $"no-such-driver-{Guid.NewGuid():N}.so");
        var options = TestSimulator.Options();
        options.DriverPath = missing;

        Assert.That(
            () => TestSimulator.StartAsync(options, cancellationToken),
            Throws.TypeOf<SimulatorStartException>().With.Message.Contains(missing).And.Message.Contains("not found"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task ADriverFileThatIsNotALibraryIsNamedInTheMessage(CancellationToken cancellationToken)
    {
        string bogus = Path.Combine(Path.GetTempPath(), $"not-a-driver-{Guid.NewGuid():N}.so");
        await File.WriteAllTextAsync(bogus, "this is not an ELF shared object", cancellationToken);
        try
        {
            var options = TestSimulator.Options();
            options.DriverPath = bogus;

            Assert.That(
                () => TestSimulator.StartAsync(options, cancellationToken),
                Throws.TypeOf<SimulatorStartException>().With.Message.Contains(bogus).And.Message.Contains("could not load the driver"));
        }
        finally
        {
            File.Delete(bogus);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public void AMissingSimHostIsNamedInTheMessage(CancellationToken cancellationToken)
    {
        string missing = Path.Combine(Path.GetTempPath(), "nowhere", "Conformance.SimHost.dll");
        var options = TestSimulator.Options();
        options.SimHostPath = missing;

        Assert.That(
            () => TestSimulator.StartAsync(options, cancellationToken),
            Throws.TypeOf<SimulatorStartException>().With.Message.Contains(missing).And.Message.Contains("SimHost not found"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task KeepHostLogLeavesTheHostsOutputBehind(CancellationToken cancellationToken)
    {
        string logDirectory = Directory.CreateTempSubdirectory("simhost-logs-").FullName;
        try
        {
            var options = TestSimulator.Options();
            options.KeepHostLog = true;
            options.HostLogDirectory = logDirectory;
            string? logPath;
            await using (var target = await TestSimulator.StartAsync(options, cancellationToken))
            {
                logPath = target.HostLogPath;
            }

            Assert.That(logPath, Is.Not.Null);
            Assert.That(File.Exists(logPath), Is.True);
        }
        finally
        {
            Directory.Delete(logDirectory, recursive: true);
        }
    }
}
