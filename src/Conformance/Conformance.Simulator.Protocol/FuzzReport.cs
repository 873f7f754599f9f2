using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>What a <see cref="FuzzReport"/> frame tells.</summary>
public enum FuzzReportKind : byte
{
    /// <summary>Counters only, every <see cref="FuzzLoopRequest.ProgressInterval"/>.</summary>
    Progress = 1,

    /// <summary>An input that took an edge (or an edge hit-count class) no earlier exec took: it joins the corpus.</summary>
    NewEntry = 2,

    /// <summary>An input the host's quick checks say may be a finding; the client replays it and judges it.</summary>
    Suspect = 3,

    /// <summary>The loop ended (a limit, or FuzzStop); the last frame of the loop.</summary>
    Done = 4,
}

/// <summary>
/// Why the host thinks an exec may be a finding: cheap checks on what the exec left behind, each the trigger of one
/// of the engine's judgements (the judge decides; these only choose what to replay).
/// </summary>
[Flags]
public enum FuzzSuspicion : uint
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The kernel canary or secret page changed.</summary>
    KernelPageChanged = 0x1,

    /// <summary>Bytes of the kernel secret appeared in a user buffer.</summary>
    SecretInBuffer = 0x2,

    /// <summary>A run of pool poison appeared in a user buffer.</summary>
    PoisonInBuffer = 0x4,

    /// <summary>The input buffer changed.</summary>
    InputChanged = 0x8,

    /// <summary>Output bytes past Information (or any, when Information is not observable) changed.</summary>
    OutputPastInformation = 0x10,

    /// <summary>The access trace has a touch no probe covered (METHOD_NEITHER).</summary>
    UnprobedTouch = 0x20,

    /// <summary>The access trace has a touch outside any __try (METHOD_NEITHER).</summary>
    TouchOutsideTry = 0x40,

    /// <summary>The access trace has two reads of the same user byte (METHOD_NEITHER).</summary>
    DoubleFetch = 0x80,

    /// <summary>A buffered or direct-I/O handler touched a user address.</summary>
    UnexpectedUserTouch = 0x100,

    /// <summary>The driver returned without completing the IRP.</summary>
    IrpNotCompleted = 0x200,

    /// <summary>The call took longer than <see cref="FuzzLoopRequest.SlowCall"/>.</summary>
    Slow = 0x400,

    /// <summary>
    /// A sequence of calls took a new path: replayed with the full special pool, where a use after free faults (the loop's
    /// recycled pool reads poison instead, docs/fuzz.md).
    /// </summary>
    SequencePath = 0x800,
}

/// <summary>FuzzReport (host to client): u8 kind, u64 execs, u64 elapsed ns, u32 edges, u32 corpus size, u32 suspicion, u64 edge signature, u8 has call, then the input as <see cref="FuzzSequenceCodec"/> writes it.</summary>
/// <param name="Kind">What this frame tells.</param>
/// <param name="Execs">Execs so far.</param>
/// <param name="Elapsed">Wall time of the loop so far.</param>
/// <param name="Edges">Distinct edge slots the loop has seen so far.</param>
/// <param name="CorpusSize">Inputs in the host's corpus.</param>
/// <param name="Suspicion">For a suspect: why.</param>
/// <param name="EdgeSignature">For an entry or a suspect: the signature of the exec's edges.</param>
/// <param name="Call">For an entry or a suspect: the input's last call (the judged call).</param>
public sealed record FuzzReport(FuzzReportKind Kind, ulong Execs, TimeSpan Elapsed, uint Edges, uint CorpusSize, FuzzSuspicion Suspicion, ulong EdgeSignature, IoctlCall? Call)
{
    /// <summary>The calls fired before <see cref="Call"/> in the same input (empty for an input of one call).</summary>
    public IReadOnlyList<IoctlCall> Steps { get; init; } = [];

    /// <summary>Write as a whole frame.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.FuzzReport);
        writer.WriteByte((byte)Kind);
        writer.WriteUInt64(Execs);
        writer.WriteUInt64((ulong)Elapsed.Ticks * 100);
        writer.WriteUInt32(Edges);
        writer.WriteUInt32(CorpusSize);
        writer.WriteUInt32((uint)Suspicion);
        writer.WriteUInt64(EdgeSignature);
        writer.WriteByte(Call is null ? (byte)0 : (byte)1);
        if (Call is not null)
        {
            FuzzSequenceCodec.Write(writer, [.. Steps, Call]);
        }

        writer.EndFrame();
    }

    /// <summary>Decode a payload.</summary>
    public static FuzzReport Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var kind = (FuzzReportKind)reader.ReadByte();
        if (!Enum.IsDefined(kind))
        {
            throw new ProtocolException($"Unknown fuzz report kind {(byte)kind}.");
        }

        ulong execs = reader.ReadUInt64();
        var elapsed = TimeSpan.FromTicks((long)(reader.ReadUInt64() / 100));
        uint edges = reader.ReadUInt32();
        uint corpus = reader.ReadUInt32();
        var suspicion = (FuzzSuspicion)reader.ReadUInt32();
        ulong signature = reader.ReadUInt64();
        var calls = reader.ReadByte() != 0 ? FuzzSequenceCodec.Read(ref reader) : null;
        reader.EnsureEnd();
        return new FuzzReport(kind, execs, elapsed, edges, corpus, suspicion, signature, calls?[^1]) { Steps = calls is { Count: > 1 } ? calls[..^1] : Array.Empty<IoctlCall>() };
    }
}
