using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// The liveness call the client set (SetLiveness), kept as its encoded bytes: a <see cref="WireCall"/> is a view,
/// so it is read again from them for each use, which allocates nothing.
/// </summary>
internal sealed class LivenessCall(byte[] payload)
{
    private readonly byte[] _payload = payload;

    /// <summary>Largest buffer a liveness call may have: it is a small probe, and its read-back scratch is fixed.</summary>
    public const int MaxBufferBytes = 64 * 1024;

    /// <summary>Read-back scratch for the call's input and output: their bytes after the call are not reported.</summary>
    public byte[] Scratch { get; } = GC.AllocateUninitializedArray<byte>(2 * MaxBufferBytes, pinned: true);

    /// <summary>Decode and check the frame; throws <see cref="ProtocolException"/> for a call SimHost cannot make.</summary>
    public static LivenessCall FromPayload(ReadOnlySpan<byte> payload)
    {
        var call = LivenessMessage.Read(payload, out _);
        if (call.Input.Size > MaxBufferBytes || call.Output.Size > MaxBufferBytes)
        {
            throw new ProtocolException("The liveness call's buffers must be at most 64 KiB each.");
        }

        return new LivenessCall(payload.ToArray());
    }

    /// <summary>The call, as a view into the kept bytes.</summary>
    public WireCall Read(out int expectedStatus) => LivenessMessage.Read(_payload, out expectedStatus);
}
