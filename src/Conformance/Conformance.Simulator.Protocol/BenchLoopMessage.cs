using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// BenchLoop (client to host): u64 iterations, u64 duration limit in ns (0 = none), then one call.
/// The host runs the call until either limit is reached, doing everything it does for a batched case
/// except the socket write: that is the ceiling the socket path is measured against.
/// </summary>
public static class BenchLoopMessage
{
    /// <summary>Write the request as a whole frame.</summary>
    public static void Write(WireWriter writer, IoctlCall call, ulong iterations, ulong durationNs)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.BenchLoop);
        writer.WriteUInt64(iterations);
        writer.WriteUInt64(durationNs);
        IoctlCallCodec.Write(writer, call);
        writer.EndFrame();
    }

    /// <summary>Read the request as views into the payload.</summary>
    public static WireCall Read(ReadOnlySpan<byte> payload, out ulong iterations, out ulong durationNs)
    {
        var reader = new WireReader(payload);
        iterations = reader.ReadUInt64();
        durationNs = reader.ReadUInt64();
        var call = IoctlCallCodec.Read(ref reader);
        reader.EnsureEnd();
        return call;
    }
}

/// <summary>BenchLoopResult (host to client).</summary>
/// <param name="Iterations">Calls made.</param>
/// <param name="ElapsedNs">Wall time of the loop.</param>
/// <param name="LastStatus">IoStatus.Status of the last call.</param>
/// <param name="LastInformation">IoStatus.Information of the last call.</param>
/// <param name="SetupError">0, or the negative errno of a call whose buffers could not be built (the loop stops).</param>
public sealed record BenchLoopReply(ulong Iterations, ulong ElapsedNs, int LastStatus, ulong LastInformation, int SetupError)
{
    /// <summary>Write as a whole frame.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.BenchLoopResult);
        writer.WriteUInt64(Iterations);
        writer.WriteUInt64(ElapsedNs);
        writer.WriteInt32(LastStatus);
        writer.WriteUInt64(LastInformation);
        writer.WriteInt32(SetupError);
        writer.EndFrame();
    }

    /// <summary>Decode a payload.</summary>
    public static BenchLoopReply Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var reply = new BenchLoopReply(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadInt32(), reader.ReadUInt64(), reader.ReadInt32());
        reader.EnsureEnd();
        return reply;
    }
}
