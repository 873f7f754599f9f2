using System.Net.Sockets;

namespace Conformance.SimHost;

/// <summary>Binds the Unix socket the client waits for and accepts exactly one connection.</summary>
internal static class HostListener
{
    /// <summary>Bind, make the socket file 0600, accept one client.</summary>
    /// <remarks>
    /// The listener stays open (owned by the connection) but accepts nobody else: disposing it would make .NET
    /// unlink the socket file, and the file is what shows the socket is private.
    /// </remarks>
    /// <exception cref="TimeoutException">No client within <paramref name="acceptTimeout"/> (the client died before connecting).</exception>
    public static HostConnection AcceptOne(string socketPath, TimeSpan acceptTimeout)
    {
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            return Accept(listener, socketPath, acceptTimeout);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
    }

    private static HostConnection Accept(Socket listener, string socketPath, TimeSpan acceptTimeout)
    {
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));

        // The client made the directory 0700 already; 0600 on the socket as well, so the socket stays private
        // even if the directory mode is ever loosened.
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(1);
        if (!listener.Poll(acceptTimeout, SelectMode.SelectRead))
        {
            throw new TimeoutException($"No client connected to '{socketPath}' within {acceptTimeout.TotalSeconds:0} s.");
        }

        return new HostConnection(listener, listener.Accept());
    }
}
