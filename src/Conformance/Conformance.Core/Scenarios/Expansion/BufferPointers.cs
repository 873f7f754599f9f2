using System.Globalization;
using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// One case's pointers for a buffer: those its content lists and those its pointer axes (input.pointer@8) set,
/// checked against the case's buffer (inside it, not sharing bytes, aimed at a buffer the case has), in offset order.
/// </summary>
internal static class BufferPointers
{
    public static IReadOnlyList<BufferPointer>? Build(string buffer, IReadOnlyDictionary<string, SourceNode> sections, CaseFields fields, uint size, CaseReporter reporter)
    {
        var all = new List<(BufferPointer Pointer, SourceNode Node, string What)>();
        if (fields[$"{buffer}.content"]?.Value is ContentSource source)
        {
            all.AddRange(source.Pointers.Select(s => (s.Pointer, s.Node, $"{buffer}.content pointer at offset {s.Pointer.Offset}")));
        }

        // A varied pointer is a 64-bit one; a 4-byte field is varied through input.content.
        all.AddRange(fields.PointerFields(buffer).Select(f => (((PointerAim)f.Value).At(PointerOffset(f.Path), 8), f.Node, f.Path)));
        all.Sort((a, b) => a.Pointer.Offset.CompareTo(b.Pointer.Offset));

        var ok = true;
        for (var i = 0; i < all.Count; i++)
        {
            var (pointer, node, what) = all[i];
            if (pointer.End > size)
            {
                reporter.Error(node, string.Create(CultureInfo.InvariantCulture,
                        $"{what} ({pointer.Width} bytes) ends at byte {pointer.End}, past {buffer}.size {size}"),
                    "Make the buffer larger, or move the pointer inside it.");
                ok = false;
            }

            if (i > 0 && PointerListReader.Overlap(all[i - 1].Pointer, pointer))
            {
                reporter.Error(node, $"{what} shares bytes with {all[i - 1].What}",
                    "Each pointer needs its own bytes: vary the one the content does not place, or vary the content instead.");
                ok = false;
            }

            if (pointer.Target is PointerTarget.Input or PointerTarget.Output
                && PointerTargetNames.Name(pointer.Target) is var other && !BufferBuilder.IsPresent(other, sections, fields))
            {
                reporter.Error(node, $"{what} points at {other}, but the case has no {other} buffer",
                    $"Give the scenario an {other} buffer, or aim the pointer elsewhere (null, no_access_user, ...).");
                ok = false;
            }
        }

        return ok ? [.. all.Select(p => p.Pointer)] : null;
    }

    private static uint PointerOffset(string path) =>
        Syntax.ScenarioSyntax.TryParsePointerPath(path, out _, out var offset) ? offset : throw new ArgumentException($"not a pointer path: {path}", nameof(path));
}
