using System.Globalization;
using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// One call's copies for a buffer (its content's <c>copies:</c>), checked against the call and the steps before it:
/// the step exists and comes earlier, its buffer's bytes come back after the call, the range fits both buffers, and
/// no pointer shares the bytes. In offset order.
/// </summary>
internal static class BufferCopies
{
    public static IReadOnlyList<BufferCopy>? Build(string buffer, CaseFields fields, uint size, IReadOnlyList<BufferPointer> pointers,
        IReadOnlyList<StepBuffers> earlier, CaseReporter reporter)
    {
        if (fields[$"{buffer}.content"]?.Value is not ContentSource { Copies.Count: > 0 } source)
        {
            return [];
        }

        var ok = true;
        foreach (var slot in source.Copies)
        {
            var copy = slot.Copy;
            var what = string.Create(CultureInfo.InvariantCulture, $"{buffer}.content copy to offset {copy.Offset}");
            ok &= CheckSource(copy, slot, what, earlier, reporter);
            if (copy.End > size)
            {
                reporter.Error(slot.Node, string.Create(CultureInfo.InvariantCulture, $"{what} ({copy.Size} bytes) ends at byte {copy.End}, past {buffer}.size {size}"),
                    "Make the buffer larger, or copy fewer bytes.");
                ok = false;
            }

            if (pointers.FirstOrDefault(p => SlotListReader.Overlap(copy.Offset, copy.End, p.Offset, p.End)) is { } pointer)
            {
                reporter.Error(slot.Node, string.Create(CultureInfo.InvariantCulture, $"{what} shares bytes with the pointer at offset {pointer.Offset}"),
                    "A pointer and a copy each need their own bytes: move one of them.");
                ok = false;
            }
        }

        return ok ? [.. source.Copies.Select(s => s.Copy).OrderBy(c => c.Offset)] : null;
    }

    private static bool CheckSource(BufferCopy copy, CopySlot slot, string what, IReadOnlyList<StepBuffers> earlier, CaseReporter reporter)
    {
        if (earlier.FirstOrDefault(s => s.Name == copy.Step) is not { } step)
        {
            var names = earlier.Select(s => s.Name).ToList();
            reporter.Error(slot.FromNode, $"{what} takes bytes from step '{copy.Step}', but no step of that name is fired before this call",
                names.Count == 0
                    ? "Copies take bytes from the steps fired before the call: list them under steps:, earlier than the call that copies."
                    : DidYouMean.Closest(copy.Step, names) is { } close ? $"Did you mean '{close}'?" : $"Steps before this call: {string.Join(", ", names)}.");
            return false;
        }

        var source = copy.From == StepBuffer.Input ? step.Input : step.Output;
        string sourceName = $"{copy.Step}.{BufferCopy.BufferName(copy.From)}";
        if (!source.State.ReadableAfterCall())
        {
            reporter.Error(slot.FromNode, $"{what} takes bytes from {sourceName}, a {Syntax.ScenarioSyntax.BufferStates.NameOf(source.State)} buffer whose bytes are not read back after the step",
                "Copy from a read_write (or read_only, guard_tail) buffer of the step.");
            return false;
        }

        if (copy.SourceOffset + (ulong)copy.Size > source.Size)
        {
            reporter.Error(slot.FromNode, string.Create(CultureInfo.InvariantCulture,
                    $"{what} takes bytes {copy.SourceOffset}..{copy.SourceOffset + (ulong)copy.Size - 1} of {sourceName}, past its size {source.Size}"),
                "Copy fewer bytes, from a lower offset, or make the step's buffer larger.");
            return false;
        }

        return true;
    }
}
