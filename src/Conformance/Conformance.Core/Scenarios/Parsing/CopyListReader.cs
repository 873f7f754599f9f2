using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads a content's <c>copies:</c>, a list of <c>{ offset, from: STEP.output + N, size }</c>: bytes taken, when the
/// call is fired, from a buffer of an earlier step after it returned (a handle a create IOCTL wrote). Which steps
/// exist and whether the ranges fit is checked when the case is built (<see cref="Expansion.BufferCopies"/>).
/// </summary>
internal static partial class CopyListReader
{
    private static readonly SlotListWords Words = new("copy", "copies",
        "Remove it, or add one such as { offset: 0, from: create.output, size: 8 }.",
        "Copy the bytes a later call needs (a handle, an id); fill the rest with bytes or a pattern.",
        "Each copy fills its own bytes: move one, or shorten it.");

    public static List<CopySlot>? Read(SourceNode node, string what, ValueReader reader) =>
        SlotListReader.Read(node, what, reader, Words, BufferLimits.MaxPointers,
            (item, path) => ReadOne(item, path, reader), slot => (slot.Copy.Offset, slot.Copy.End, slot.Node));

    private static CopySlot? ReadOne(SourceNode item, string what, ValueReader reader)
    {
        if (MappingReader.Open(item, ScenarioSyntax.Copy, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        foreach (var key in ScenarioSyntax.Copy.Keys)
        {
            if (!map.Has(key))
            {
                if (!map.Misspells(key))
                {
                    reader.Diagnostics.Error(item, $"'{what}' needs '{key}'",
                        "Write e.g. { offset: 0, from: create.output, size: 8 }: where the bytes go, which step's buffer they come from, how many.");
                }

                return null;
            }
        }

        var ok = reader.TryUInt32(map.Get("offset")!, $"{what}.offset", 0, BufferLimits.MaxSize, out var offset);
        ok &= reader.TryUInt32(map.Get("size")!, $"{what}.size", 1, BufferLimits.MaxSize, out var size);
        var fromNode = map.Get("from")!;
        if (!reader.TryScalar(fromNode, $"{what}.from", out var scalar))
        {
            return null;
        }

        var match = FromPattern().Match(scalar.Value.Trim());
        if (!match.Success)
        {
            reader.Diagnostics.Error(fromNode, $"'{what}.from' value {scalar.Describe()} does not name an earlier step's buffer",
                "Write STEP.output or STEP.input, optionally followed by + N bytes, e.g. create.output + 8.");
            return null;
        }

        uint sourceOffset = 0;
        if (match.Groups["n"].Success)
        {
            if (!reader.TryByteOffset(fromNode, match.Groups["n"].Value, $"{what}.from", BufferLimits.MaxSize, out var n))
            {
                return null;
            }

            sourceOffset = (uint)n;
        }

        var from = match.Groups["buffer"].Value == "input" ? StepBuffer.Input : StepBuffer.Output;
        return ok ? new CopySlot(new BufferCopy(offset, match.Groups["step"].Value, from, sourceOffset, size), item, fromNode) : null;
    }

    [GeneratedRegex(@"^(?<step>[A-Za-z0-9_-]+)\s*\.\s*(?<buffer>input|output)\s*(?:\+\s*(?<n>[0-9A-Za-z_]+))?$")]
    private static partial Regex FromPattern();
}
