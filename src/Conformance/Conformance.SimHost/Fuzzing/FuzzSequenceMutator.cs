using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// Mutates a fuzz input as a sequence of calls (docs/fuzz.md): most of the time one call of it changes as
/// <see cref="FuzzMutator"/> changes a call; otherwise a call is inserted (taken from another entry), removed or swapped
/// with its neighbour, or a later call takes bytes an earlier one left in its buffer (an id a create returned, into the
/// input of a use or a close), as a scenario's <c>copies:</c> does. An input of one call stays one call 15 times in 16,
/// so the loop keeps its speed.
/// </summary>
internal sealed class FuzzSequenceMutator(FuzzRandom random, FuzzMutator calls)
{
    // Where a handle or an id usually sits: the first words of a buffer.
    private static readonly uint[] CopySizes = [8, 8, 4, 16];

    public IoctlCall[] Mutate(IoctlCall[] parent, IoctlCall[] other)
    {
        if (parent.Length == 1 && !random.OneIn(16))
        {
            return [calls.Mutate(parent[0], random.Pick(other))];
        }

        var sequence = parent;
        int rounds = 1 + random.Below(2);
        for (int i = 0; i < rounds; i++)
        {
            sequence = MutateOnce(sequence, other);
        }

        return sequence;
    }

    private IoctlCall[] MutateOnce(IoctlCall[] sequence, IoctlCall[] other)
    {
        var list = new List<IoctlCall>(sequence);
        switch (random.Below(6))
        {
            case 0 when list.Count < FuzzSequenceCodec.MaxCalls && random.OneIn(2):
                // Appended with its copies: a second close of the id this sequence's close took, another entry's use of its create's id.
                var appended = random.OneIn(2) ? random.Pick(list) : random.Pick(other);
                return Valid([.. list, appended], sequence);
            case 0 when list.Count < FuzzSequenceCodec.MaxCalls:
                // Insert: a call of another entry, or a mutant of one of this one's (a second create, a second close).
                var inserted = random.OneIn(2) ? random.Pick(other) : calls.Mutate(random.Pick(list), random.Pick(other));
                int at = random.Below(list.Count + 1);
                list.Insert(at, WithoutCopies(inserted));
                var grown = Renumbered(FuzzSequenceCodec.ShiftCopies(list, at, +1));
                // Half the time the new call takes an id an earlier one returned, as a second use or close would.
                return at > 0 && random.OneIn(2) ? AddCopy([.. grown], grown, at, idOnly: true) : grown;
            case 1 when list.Count > 1:
                return Renumbered(FuzzSequenceCodec.WithoutCall(list, random.Below(list.Count)));
            case 2 when list.Count > 1:
                int first = random.Below(list.Count - 1);
                (list[first], list[first + 1]) = (list[first + 1], list[first]);
                return Valid([.. list.Select(c => WithoutCopies(c))], sequence);
            case 3 or 4 when list.Count > 1:
                return AddCopy(list, sequence, 1 + random.Below(list.Count - 1), idOnly: false);
            default:
                int index = random.Below(list.Count);
                list[index] = Kept(calls.Mutate(list[index], random.Pick(other)), list[index]);
                return Valid([.. list], sequence);
        }
    }

    // Bytes an earlier call left in its output (or input) go into a later call's input (or output).
    // idOnly: the first 8 bytes of an earlier output into the first 8 of the input.
    private IoctlCall[] AddCopy(List<IoctlCall> list, IoctlCall[] sequence, int to, bool idOnly)
    {
        int from = random.Below(to);
        var source = !idOnly && random.OneIn(4) ? StepBuffer.Input : StepBuffer.Output;
        uint sourceSize = source == StepBuffer.Output ? list[from].Output.Size : list[from].Input.Size;
        bool intoOutput = !idOnly && random.OneIn(4);
        var target = intoOutput ? list[to].Output : list[to].Input;
        uint size = Math.Min(idOnly ? 8 : CopySizes[random.Below(CopySizes.Length)], Math.Min(sourceSize, target.Size));
        if (size == 0)
        {
            return sequence;
        }

        uint sourceOffset = idOnly || random.OneIn(2) ? 0 : (uint)random.Below((int)((sourceSize - size) / 4 + 1)) * 4;
        uint offset = idOnly || random.OneIn(2) ? 0 : (uint)random.Below((int)((target.Size - size) / 4 + 1)) * 4;
        var copy = new BufferCopy(offset, FuzzSequenceCodec.StepName(from), source, sourceOffset, size);
        // A copy replaces any of the buffer's copies it overlaps, and pointers never share its bytes.
        var copies = target.Copies.Where(c => c.End <= offset || c.Offset >= copy.End).Append(copy).OrderBy(c => c.Offset).ToList();
        var pointers = target.Pointers.Where(p => p.Offset + p.Width <= offset || p.Offset >= copy.End).ToList();
        var buffer = target with { Copies = copies, Pointers = pointers };
        list[to] = intoOutput ? list[to] with { Output = buffer } : list[to] with { Input = buffer };
        return Valid([.. list], sequence);
    }

    // A mutated call keeps the copies that still fit it and share no byte with a pointer (a scenario forbids that).
    private static IoctlCall Kept(IoctlCall mutant, IoctlCall before) =>
        before.Input.Copies.Count + before.Output.Copies.Count == 0 ? mutant : mutant with
        {
            Input = mutant.Input with { Copies = Fitting(before.Input.Copies, mutant.Input) },
            Output = mutant.Output with { Copies = Fitting(before.Output.Copies, mutant.Output) },
        };

    private static List<BufferCopy> Fitting(IReadOnlyList<BufferCopy> copies, BufferSpec buffer) =>
        [.. copies.Where(c => c.End <= buffer.Size && buffer.Pointers.All(p => p.Offset + p.Width <= c.Offset || p.Offset >= c.End))];

    private static IoctlCall[] Renumbered(IoctlCall[] calls) =>
        FuzzSequenceCodec.IsValid(calls) ? calls : [.. calls.Select(c => WithoutCopies(c))];

    private static IoctlCall WithoutCopies(IoctlCall call) =>
        call.Input.Copies.Count + call.Output.Copies.Count == 0 ? call
            : call with { Input = call.Input with { Copies = [] }, Output = call.Output with { Copies = [] } };

    private static IoctlCall[] Valid(IoctlCall[] candidate, IoctlCall[] fallback) => FuzzSequenceCodec.IsValid(candidate) ? candidate : fallback;
}
