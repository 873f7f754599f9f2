using System.Net.Sockets;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// The one client connection, used with plain blocking calls: SimHost serves one client and does nothing
/// while waiting, so blocking I/O is the cheapest path. The receive buffer is pinned because payloads are
/// handed to C as pointers.
/// </summary>
internal sealed class HostConnection(Socket listener, Socket socket) : IDisposable
{
    private readonly FrameBuffer _incoming = new(256 * 1024, pinned: true);

    /// <summary>Wait for the next frame; false when the client closed the connection between frames.</summary>
    /// <exception cref="ProtocolException">The connection closed inside a frame, or the frame is malformed.</exception>
    public bool TryReceiveFrame(out MessageKind kind, out ReadOnlyMemory<byte> payload)
    {
        while (!_incoming.TryTakeFrame(out kind, out payload))
        {
            int received = socket.Receive(_incoming.GetReceiveSpan());
            if (received == 0)
            {
                if (_incoming.BufferedBytes != 0)
                {
                    throw new ProtocolException($"Client closed the connection inside a frame ({_incoming.BufferedBytes} bytes pending).");
                }

                return false;
            }

            _incoming.Commit(received);
        }

        return true;
    }

    /// <summary>Whether the client has sent anything not yet taken (one ioctl: poll it, do not spin on it).</summary>
    public bool HasPendingData => _incoming.BufferedBytes != 0 || socket.Available > 0;

    /// <summary>Send a whole message; one write unless the socket buffer is full.</summary>
    public void Send(ReadOnlySpan<byte> message)
    {
        while (!message.IsEmpty)
        {
            message = message[socket.Send(message)..];
        }
    }

    public void Dispose()
    {
        socket.Dispose();
        listener.Dispose();
    }
}
