using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Conformance.Simulator.Protocol;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>A frame received from SimHost; the payload is valid until the next receive.</summary>
internal readonly record struct ReceivedFrame(MessageKind Kind, ReadOnlyMemory<byte> Payload);

/// <summary>The socket closed or failed: SimHost died (a bugcheck) or was killed.</summary>
internal sealed class HostConnectionLostException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The client end of the socket. One reusable buffer each way: a message is built whole and leaves in one
/// write; results are read in as large pieces as the socket offers and cut into frames.
/// </summary>
internal sealed class HostChannel(Socket socket) : IDisposable
{
    private readonly FrameBuffer _incoming = new(256 * 1024);
    private readonly WireWriter _outgoing = new(64 * 1024);

    /// <summary>The send buffer, emptied: build one message, then <see cref="SendAsync"/>.</summary>
    public WireWriter StartMessage()
    {
        _outgoing.Reset();
        return _outgoing;
    }

    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        var message = _outgoing.WrittenMemory;
        try
        {
            while (!message.IsEmpty)
            {
                int sent = await socket.SendAsync(message, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                message = message[sent..];
            }
        }
        catch (SocketException e)
        {
            throw new HostConnectionLostException($"Sending to SimHost failed: {e.SocketErrorCode}.", e);
        }
        catch (ObjectDisposedException e)
        {
            throw new HostConnectionLostException("The connection to SimHost is closed.", e);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceivedFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        MessageKind kind;
        ReadOnlyMemory<byte> payload;
        while (!_incoming.TryTakeFrame(out kind, out payload))
        {
            int received;
            try
            {
                received = await socket.ReceiveAsync(_incoming.GetReceiveMemory(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw new HostConnectionLostException($"Receiving from SimHost failed: {e.SocketErrorCode}.", e);
            }
            catch (ObjectDisposedException e)
            {
                throw new HostConnectionLostException("The connection to SimHost is closed.", e);
            }

            if (received == 0)
            {
                throw new HostConnectionLostException("SimHost closed the connection.");
            }

            _incoming.Commit(received);
        }

        return new ReceivedFrame(kind, payload);
    }

    public void Dispose() => socket.Dispose();
}
