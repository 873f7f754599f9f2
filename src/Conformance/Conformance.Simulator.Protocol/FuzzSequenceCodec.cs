using System.Globalization;
using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// A fuzz input on the wire: a short sequence of calls on one device (docs/fuzz.md), the last one the judged call.
/// u8 count (1..<see cref="MaxCalls"/>), then each call as <see cref="IoctlCallCodec"/> writes it followed by u8 copy
/// count and its copies (u8 into output, u32 offset, u8 from call, u8 from output, u32 source offset, u32 size). A copy
/// takes bytes an earlier call of the sequence left in its buffer, as a scenario's <c>copies:</c> does; its step is
/// named <see cref="StepName"/> of that call's index.
/// </summary>
public static class FuzzSequenceCodec
{
    /// <summary>Most calls one fuzz input holds.</summary>
    public const int MaxCalls = 4;

    /// <summary>The step name of call <paramref name="index"/> (0-based) in a sequence: call1, call2, ...</summary>
    public static string StepName(int index) => string.Create(CultureInfo.InvariantCulture, $"call{index + 1}");

    /// <summary>The index of the call a step name of <see cref="StepName"/> names, or -1.</summary>
    public static int StepIndex(string step) =>
        step.StartsWith("call", StringComparison.Ordinal) && int.TryParse(step.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n is >= 1 and <= MaxCalls
            ? n - 1
            : -1;

    /// <summary>Write <paramref name="calls"/> (not a frame).</summary>
    public static void Write(WireWriter writer, IReadOnlyList<IoctlCall> calls)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(calls);
        Check(calls);
        writer.WriteByte((byte)calls.Count);
        foreach (var call in calls)
        {
            IoctlCallCodec.Write(writer, call);
            writer.WriteByte((byte)(call.Input.Copies.Count + call.Output.Copies.Count));
            WriteCopies(writer, call.Input.Copies, 0);
            WriteCopies(writer, call.Output.Copies, 1);
        }
    }

    /// <summary>Decode a sequence written by <see cref="Write"/>.</summary>
    public static List<IoctlCall> Read(scoped ref WireReader reader)
    {
        int count = reader.ReadByte();
        if (count is < 1 or > MaxCalls)
        {
            throw new ProtocolException($"A fuzz input holds 1 to {MaxCalls} calls, not {count}.");
        }

        var calls = new List<IoctlCall>(count);
        for (int i = 0; i < count; i++)
        {
            var call = IoctlCallCodec.Read(ref reader).ToIoctlCall();
            int copies = reader.ReadByte();
            var input = new List<BufferCopy>();
            var output = new List<BufferCopy>();
            for (int c = 0; c < copies; c++)
            {
                bool intoOutput = reader.ReadByte() != 0;
                uint offset = reader.ReadUInt32();
                int from = reader.ReadByte();
                var buffer = reader.ReadByte() != 0 ? StepBuffer.Output : StepBuffer.Input;
                uint sourceOffset = reader.ReadUInt32();
                uint size = reader.ReadUInt32();
                (intoOutput ? output : input).Add(new BufferCopy(offset, StepName(from), buffer, sourceOffset, size));
            }

            calls.Add(call with { Input = call.Input with { Copies = input }, Output = call.Output with { Copies = output } });
        }

        Check(calls);
        return calls;
    }

    /// <summary>Whether every copy takes from a readable buffer of an earlier call and fits both buffers.</summary>
    public static bool IsValid(IReadOnlyList<IoctlCall> calls)
    {
        if (calls.Count is < 1 or > MaxCalls)
        {
            return false;
        }

        for (int i = 0; i < calls.Count; i++)
        {
            if (!CopiesFit(calls, i, calls[i].Input) || !CopiesFit(calls, i, calls[i].Output))
            {
                return false;
            }
        }

        return true;
    }

    private static bool CopiesFit(IReadOnlyList<IoctlCall> calls, int index, BufferSpec buffer)
    {
        foreach (var copy in buffer.Copies)
        {
            int from = StepIndex(copy.Step);
            if (from < 0 || from >= index || copy.End > buffer.Size)
            {
                return false;
            }

            // Only a buffer whose bytes come back after the call can be copied from (as a scenario's loader checks).
            var source = copy.From == StepBuffer.Output ? calls[from].Output : calls[from].Input;
            if ((ulong)copy.SourceOffset + copy.Size > source.Size
                || !source.State.ReadableAfterCall())
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(IReadOnlyList<IoctlCall> calls)
    {
        if (!IsValid(calls))
        {
            throw new ProtocolException($"A fuzz input holds 1 to {MaxCalls} calls whose copies take from an earlier call and fit both buffers.");
        }
    }

    /// <summary><paramref name="calls"/> without call <paramref name="index"/>: copies from it are dropped, the others follow their calls.</summary>
    public static IoctlCall[] WithoutCall(IReadOnlyList<IoctlCall> calls, int index)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var list = calls.ToList();
        list.RemoveAt(index);
        return ShiftCopies(list, index, -1);
    }

    /// <summary>
    /// After a call was inserted at <paramref name="index"/> (<paramref name="shift"/> +1) or removed from there (-1): the
    /// copies follow the calls they take from; a copy from a removed call is dropped.
    /// </summary>
    public static IoctlCall[] ShiftCopies(IReadOnlyList<IoctlCall> list, int index, int shift)
    {
        ArgumentNullException.ThrowIfNull(list);
        var result = new IoctlCall[list.Count];
        for (int i = 0; i < list.Count; i++)
        {
            var call = list[i];
            result[i] = call.Input.Copies.Count + call.Output.Copies.Count == 0 ? call : call with
            {
                Input = call.Input with { Copies = ShiftCopies(call.Input.Copies, index, shift) },
                Output = call.Output with { Copies = ShiftCopies(call.Output.Copies, index, shift) },
            };
        }

        return result;
    }

    private static List<BufferCopy> ShiftCopies(IReadOnlyList<BufferCopy> copies, int index, int shift)
    {
        var kept = new List<BufferCopy>(copies.Count);
        foreach (var copy in copies)
        {
            int from = StepIndex(copy.Step);
            if (shift < 0 && from == index)
            {
                continue;
            }

            kept.Add(from >= index ? copy with { Step = StepName(from + shift) } : copy);
        }

        return kept;
    }

    private static void WriteCopies(WireWriter writer, IReadOnlyList<BufferCopy> copies, byte intoOutput)
    {
        foreach (var copy in copies)
        {
            writer.WriteByte(intoOutput);
            writer.WriteUInt32(copy.Offset);
            writer.WriteByte((byte)StepIndex(copy.Step));
            writer.WriteByte(copy.From == StepBuffer.Output ? (byte)1 : (byte)0);
            writer.WriteUInt32(copy.SourceOffset);
            writer.WriteUInt32(copy.Size);
        }
    }
}
