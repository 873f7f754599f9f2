using Conformance.Simulator.Protocol;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>One ReadFileAccesses request and its FileAccesses reply on a host's channel.</summary>
internal static class FileAccessRequest
{
    public static async Task<FileAccessList> SendAsync(HostChannel channel, CancellationToken cancellationToken)
    {
        ReadFileAccessesMessage.Write(channel.StartMessage());
        await channel.SendAsync(cancellationToken).ConfigureAwait(false);
        var frame = await channel.ReceiveAsync(cancellationToken).ConfigureAwait(false);
        return frame.Kind switch
        {
            MessageKind.FileAccesses => FileAccessList.Read(frame.Payload.Span),
            MessageKind.Error => throw new ProtocolException($"SimHost refused the request: {ErrorMessage.Read(frame.Payload.Span)}"),
            _ => throw new ProtocolException($"SimHost sent {frame.Kind} where {MessageKind.FileAccesses} was expected."),
        };
    }
}
