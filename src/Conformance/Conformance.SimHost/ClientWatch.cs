using Conformance.SimHost.Native;

namespace Conformance.SimHost;

/// <summary>
/// Ends SimHost when the client process dies. A closed socket only tells the request loop, and the request
/// loop is stuck inside the driver when the driver hangs: a client killed then would leave SimHost spinning
/// forever. The parent is polled rather than armed with PR_SET_PDEATHSIG, which fires when the thread that
/// forked the child exits, and .NET may fork from a thread-pool thread that retires long before the client.
/// </summary>
internal static class ClientWatch
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Watch the client on a background thread: <paramref name="client"/> when given (the client says who it
    /// is, so a client that died before SimHost got here is noticed too), else the current parent.
    /// </summary>
    public static void Start(int? client)
    {
        int parent = client ?? LibC.GetParentProcessId();
        var thread = new Thread(() => Watch(parent)) { IsBackground = true, Name = "SimHost client watch" };
        thread.Start();
    }

    private static void Watch(int parent)
    {
        while (true)
        {
            // Orphans are re-parented (to init or a subreaper): the id changes when the client is gone.
            if (LibC.GetParentProcessId() != parent)
            {
                Console.Error.WriteLine($"SimHost: the client (pid {parent}) is gone; exiting.");
                // _exit: the driver may be spinning inside a call, so no managed shutdown can be waited for.
                LibC.ExitNow(HostExitCode.ClientGone);
            }

            Thread.Sleep(Period);
        }
    }
}
