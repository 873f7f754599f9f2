using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator.Hosting;
using Conformance.Targets.Simulator.Outcomes;

namespace Conformance.Targets.Simulator;

/// <summary>
/// Loads a driver in a SimHost of its own without opening any device, reports what DriverEntry made (devices,
/// symbolic links, files) and unloads it again: the check `conformance build-driver` runs after linking.
/// </summary>
public static class DriverLoadProbe
{
    /// <summary>Load, read, shut down. <paramref name="options"/>' device name is not used.</summary>
    /// <exception cref="SimulatorStartException">SimHost could not run the driver's DriverEntry at all, or the driver crashed the machine in it (the message holds the bugcheck record).</exception>
    public static async Task<DriverLoadReport> RunAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        using var directory = PrivateDirectory.Create();
        ReadOnlyMemory<byte> secret = options.KernelSecret ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(SimulatorOptions.KernelSecretBytes);
        var host = await HostLauncher.LaunchAsync(options, secret, directory, generation: 1, openDevice: false, cancellationToken).ConfigureAwait(false);
        FileAccessList files;
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(options.CallTimeout == Timeout.InfiniteTimeSpan ? options.HostStartTimeout : options.CallTimeout);
            files = await FileAccessRequest.SendAsync(host.Channel, deadline.Token).ConfigureAwait(false);
        }
        catch
        {
            await host.KillAsync().ConfigureAwait(false);
            throw;
        }

        // Shutdown runs DriverUnload: a crash there is reported with the load, not lost.
        var hello = host.Hello;
        await host.ShutdownAsync(options.ShutdownTimeout).ConfigureAwait(false);
        string? unloadCrash = hello.Readiness == HostReadiness.DriverLoaded ? BugcheckRecordParser.ReadLast(host.BugcheckFile)?.RawText : null;
        return new DriverLoadReport(hello.DriverLoadStatus, hello.Devices, hello.SymbolicLinks, files, hello.FailureMessage, unloadCrash);
    }
}
