using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// What the host's fuzz loop is asked to do: mutate the seeds over the listed control codes until either limit,
/// reporting new corpus entries and suspect inputs as it goes (docs/fuzz.md).
/// </summary>
public sealed record FuzzLoopRequest
{
    /// <summary>Seed of the loop's random choices: the same seed, seeds and driver give the same execs.</summary>
    public ulong Seed { get; init; }

    /// <summary>Execs to run at most (0: no limit).</summary>
    public ulong MaxExecs { get; init; }

    /// <summary>Wall time to run at most (zero: no limit).</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How often a progress report is sent (the client's watchdog hears from the host at least this often).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>An exec that takes longer than this is reported as a suspect (a slow call; a call that never returns is the client's to see).</summary>
    public TimeSpan SlowCall { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A file the host maps and writes each input into before running it (u32 length, then the call as
    /// <see cref="IoctlCallCodec"/> writes it): after a crash or a hang it holds the input that caused it.
    /// </summary>
    public string LastInputPath { get; init; } = string.Empty;

    /// <summary>The control codes the mutator may choose from.</summary>
    public IReadOnlyList<uint> IoControlCodes { get; init; } = [];

    /// <summary>The starting corpus (at least one call).</summary>
    public IReadOnlyList<IoctlCall> Seeds { get; init; } = [];

    /// <summary>Sequences the corpus starts with besides <see cref="Seeds"/> (kept whatever path they take).</summary>
    public IReadOnlyList<IReadOnlyList<IoctlCall>> SequenceSeeds { get; init; } = [];
}

/// <summary>FuzzLoop (client to host): the <see cref="FuzzLoopRequest"/> fields in order, codes, seeds and sequence seeds each with a u32 count.</summary>
public static class FuzzLoopMessage
{
    /// <summary>Most control codes or seeds one request carries.</summary>
    public const int MaxEntries = 65536;

    /// <summary>Write as a whole frame.</summary>
    public static void Write(WireWriter writer, FuzzLoopRequest request)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(request);
        writer.BeginFrame(MessageKind.FuzzLoop);
        writer.WriteUInt64(request.Seed);
        writer.WriteUInt64(request.MaxExecs);
        writer.WriteUInt64((ulong)request.Duration.Ticks * 100);
        writer.WriteUInt64((ulong)request.ProgressInterval.Ticks * 100);
        writer.WriteUInt64((ulong)request.SlowCall.Ticks * 100);
        writer.WriteString(request.LastInputPath);
        writer.WriteUInt32((uint)request.IoControlCodes.Count);
        foreach (uint code in request.IoControlCodes)
        {
            writer.WriteUInt32(code);
        }

        writer.WriteUInt32((uint)request.Seeds.Count);
        foreach (var seed in request.Seeds)
        {
            IoctlCallCodec.Write(writer, seed);
        }

        writer.WriteUInt32((uint)request.SequenceSeeds.Count);
        foreach (var sequence in request.SequenceSeeds)
        {
            FuzzSequenceCodec.Write(writer, sequence);
        }

        writer.EndFrame();
    }

    /// <summary>Decode a payload (the seeds are copied out of it).</summary>
    public static FuzzLoopRequest Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ulong seed = reader.ReadUInt64();
        ulong maxExecs = reader.ReadUInt64();
        var duration = FromNs(reader.ReadUInt64());
        var interval = FromNs(reader.ReadUInt64());
        var slow = FromNs(reader.ReadUInt64());
        string lastInput = reader.ReadString();
        var codes = new uint[reader.ReadCount(MaxEntries, "control codes")];
        for (int i = 0; i < codes.Length; i++)
        {
            codes[i] = reader.ReadUInt32();
        }

        var seeds = new IoctlCall[reader.ReadCount(MaxEntries, "seeds")];
        for (int i = 0; i < seeds.Length; i++)
        {
            seeds[i] = IoctlCallCodec.Read(ref reader).ToIoctlCall();
        }

        var sequences = new IReadOnlyList<IoctlCall>[reader.ReadCount(MaxEntries, "sequence seeds")];
        for (int i = 0; i < sequences.Length; i++)
        {
            sequences[i] = FuzzSequenceCodec.Read(ref reader);
        }

        reader.EnsureEnd();
        return new FuzzLoopRequest
        {
            Seed = seed,
            MaxExecs = maxExecs,
            Duration = duration,
            ProgressInterval = interval,
            SlowCall = slow,
            LastInputPath = lastInput,
            IoControlCodes = codes,
            Seeds = seeds,
            SequenceSeeds = sequences,
        };
    }

    /// <summary>Write the empty FuzzStop frame.</summary>
    public static void WriteStop(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.FuzzStop);
        writer.EndFrame();
    }

    private static TimeSpan FromNs(ulong ns) => TimeSpan.FromTicks((long)Math.Min(ns / 100, (ulong)TimeSpan.MaxValue.Ticks));
}
