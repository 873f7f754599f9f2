using Conformance.Simulator.Protocol;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>One running SimHost: its process, its connection, what it said in Hello, and where it writes a bugcheck.</summary>
internal sealed class SimHostInstance(SimHostProcess process, HostChannel channel, HelloMessage hello, string bugcheckFile) : IAsyncDisposable
{
    public SimHostProcess Process { get; } = process;

    public HostChannel Channel { get; } = channel;

    public HelloMessage Hello { get; } = hello;

    public string BugcheckFile { get; } = bugcheckFile;

    /// <summary>Ask SimHost to close the device and unload the driver; kill it if it does not exit in time.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        if (!Process.HasExited)
        {
            try
            {
                ShutdownMessage.Write(Channel.StartMessage());
                using var cts = new CancellationTokenSource(timeout);
                await Channel.SendAsync(cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HostConnectionLostException or OperationCanceledException)
            {
                // Dead or stuck: the kill below settles it.
            }

            if (!await Process.WaitForExitAsync(timeout).ConfigureAwait(false))
            {
                await Process.KillAsync().ConfigureAwait(false);
            }
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kill without asking (hang, cancellation).</summary>
    public async Task KillAsync()
    {
        await Process.KillAsync().ConfigureAwait(false);
        await DisposeAsync().ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        Channel.Dispose();
        Process.Dispose();
        return ValueTask.CompletedTask;
    }
}
