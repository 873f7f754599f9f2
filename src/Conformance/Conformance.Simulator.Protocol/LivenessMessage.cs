using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// SetLiveness (client to host, no reply): i32 expected status, then one call (<see cref="IoctlCallCodec"/>).
/// Sent once after Hello; from then on SimHost makes that call after every case that returns, inside the same
/// batch, so a dead device costs no extra round trip to notice.
/// </summary>
public static class LivenessMessage
{
    /// <summary>Write the frame.</summary>
    public static void Write(WireWriter writer, LivenessProbe probe)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(probe);
        writer.BeginFrame(MessageKind.SetLiveness);
        writer.WriteInt32(probe.ExpectedStatus);
        IoctlCallCodec.Write(writer, probe.Call);
        writer.EndFrame();
    }

    /// <summary>Read the call as a view into <paramref name="payload"/>.</summary>
    public static WireCall Read(ReadOnlySpan<byte> payload, out int expectedStatus)
    {
        var reader = new WireReader(payload);
        expectedStatus = reader.ReadInt32();
        var call = IoctlCallCodec.Read(ref reader);
        reader.EnsureEnd();
        return call;
    }
}
