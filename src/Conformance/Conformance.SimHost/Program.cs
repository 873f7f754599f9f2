using System.Net.Sockets;
using Conformance.SimHost;
using Conformance.Simulator.Protocol;

// SimHost: plays the Windows kernel for one client. By the time Main runs the .NET runtime has installed its
// signal handlers, so SimKernelBoot (inside KernelSession.Start) can install the SEH emulation on top of them.
HostArguments arguments;
try
{
    arguments = HostArguments.Parse(args);
}
catch (HostArgumentException e)
{
    Console.Error.WriteLine($"SimHost: {e.Message}");
    Console.Error.WriteLine(HostArguments.Usage);
    return HostExitCode.BadArguments;
}

// A client that dies at any point, even while the driver is stuck in a call, takes SimHost with it.
ClientWatch.Start(arguments.ClientProcessId);

// Ctrl+C in a terminal signals the whole process group, SimHost included: the client decides what an
// interruption means (journal the batch, stop SimHost cleanly). A SimHost that died of the signal itself
// would be taken for a driver that killed its host, and the case in flight would be blamed.
Console.CancelKeyPress += (_, e) => e.Cancel = true;

// A client that died before connecting must not leave SimHost waiting forever.
var acceptTimeout = TimeSpan.FromMinutes(2);
try
{
    using var session = KernelSession.Start(arguments);
    if (!session.IsReady)
    {
        Console.Error.WriteLine($"SimHost: {session.FailureMessage}");
    }

    using var connection = HostListener.AcceptOne(arguments.SocketPath, acceptTimeout);
    return new RequestLoop(connection, session).Run();
}
catch (Exception e) when (e is SocketException or IOException or TimeoutException)
{
    Console.Error.WriteLine($"SimHost: connection to the client failed: {e.Message}");
    return HostExitCode.ConnectionFailed;
}
catch (ProtocolException e)
{
    Console.Error.WriteLine($"SimHost: protocol violation: {e.Message}");
    return HostExitCode.ProtocolViolation;
}
