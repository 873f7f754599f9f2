using System.Globalization;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads a content's <c>pointers:</c>, a list of <c>{ offset, to, size }</c>: pointer-sized values the target
/// writes over the content's bytes once it knows the addresses (a write-what-where input's What and Where).
/// </summary>
internal static class PointerListReader
{
    private static readonly SlotListWords Words = new("pointer", "pointers",
        "Remove it, or add one such as { offset: 8, to: output }.",
        "Aim the pointers a driver dereferences; fill the rest with bytes or a pattern.",
        "Each pointer needs its own bytes: move one, or make it 4 bytes with size: 4.");

    public static List<PointerSlot>? Read(SourceNode node, string what, ValueReader reader) =>
        SlotListReader.Read(node, what, reader, Words, BufferLimits.MaxPointers,
            (item, path) => ReadOne(item, path, reader), slot => (slot.Pointer.Offset, slot.Pointer.End, slot.Node));

    /// <summary>Whether two pointers share a byte.</summary>
    public static bool Overlap(BufferPointer a, BufferPointer b) => SlotListReader.Overlap(a.Offset, a.End, b.Offset, b.End);

    private static PointerSlot? ReadOne(SourceNode item, string what, ValueReader reader)
    {
        if (MappingReader.Open(item, ScenarioSyntax.Pointer, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var offsetNode = map.Get("offset");
        var toNode = map.Get("to");
        if (offsetNode is null || toNode is null)
        {
            string missing = offsetNode is null ? "offset" : "to";
            if (!map.Misspells(missing))
            {
                reader.Diagnostics.Error(item, $"'{what}' needs '{missing}'",
                    "Write e.g. { offset: 8, to: kernel_canary }: the byte offset in the buffer and what it points at.");
            }

            return null;
        }

        var ok = reader.TryUInt32(offsetNode, $"{what}.offset", 0, BufferLimits.MaxSize, out var offset);
        ok &= PointerAim.TryRead(toNode, $"{what}.to", reader, out var aim);
        uint width = 8;
        if (map.Get("size") is { } sizeNode)
        {
            if (!reader.TryUInt32(sizeNode, $"{what}.size", 0, uint.MaxValue, out width))
            {
                return null;
            }

            if (!BufferPointer.Widths.Contains(width))
            {
                reader.Diagnostics.Error(sizeNode, $"'{what}.size' {width} is not a pointer size", "Write 8 (a 64-bit pointer, the default) or 4 (its low 32 bits).");
                return null;
            }
        }

        return ok ? new PointerSlot(aim.At(offset, width), item) : null;
    }
}
