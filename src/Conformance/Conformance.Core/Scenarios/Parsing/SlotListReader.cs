using System.Globalization;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>What a list of byte slots (a content's pointers, its copies) is called in messages.</summary>
/// <param name="Noun">One entry: pointer, copy.</param>
/// <param name="Plural">Several: pointers, copies.</param>
/// <param name="EmptyHint">The fix for an empty list.</param>
/// <param name="LimitHint">The fix for too many entries.</param>
/// <param name="OverlapHint">The fix for two entries sharing a byte.</param>
internal sealed record SlotListWords(string Noun, string Plural, string EmptyHint, string LimitHint, string OverlapHint);

/// <summary>
/// Reads a content's list of entries that each fill a byte range of the buffer (<c>pointers:</c>, <c>copies:</c>): a
/// list, not empty, at most a limit, each entry read by the caller, no two sharing a byte.
/// </summary>
internal static class SlotListReader
{
    /// <param name="node">The list.</param>
    /// <param name="what">Its path in messages (input.content.pointers).</param>
    /// <param name="reader">Where errors go.</param>
    /// <param name="words">How entries are called.</param>
    /// <param name="max">The most entries allowed.</param>
    /// <param name="readOne">Reads one entry (its node and path), or null after reporting why not.</param>
    /// <param name="placeOf">The bytes an entry fills and the node it came from.</param>
    public static List<T>? Read<T>(SourceNode node, string what, ValueReader reader, SlotListWords words, int max,
        Func<SourceNode, string, T?> readOne, Func<T, (ulong Start, ulong End, SourceNode Node)> placeOf)
        where T : class
    {
        if (!reader.TryList(node, what, false, out var items))
        {
            return null;
        }

        if (items.Count == 0 || items.Count > max)
        {
            reader.Diagnostics.Error(node, items.Count == 0
                    ? $"'{what}' lists no {words.Noun}"
                    : $"'{what}' lists {items.Count} {words.Plural}, more than the limit of {max}",
                items.Count == 0 ? words.EmptyHint : words.LimitHint);
            return null;
        }

        var slots = new List<T>();
        var ok = true;
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (readOne(item, $"{what}[{index}]") is not { } slot)
            {
                ok = false;
                continue;
            }

            var place = placeOf(slot);
            if (slots.Select(placeOf).FirstOrDefault(s => Overlap(s.Start, s.End, place.Start, place.End)) is { Node: not null } other)
            {
                reader.Diagnostics.Error(item, string.Create(CultureInfo.InvariantCulture,
                        $"the {words.Noun} at offset {place.Start} overlaps the one at offset {other.Start} (line {other.Node.Start.Line})"),
                    words.OverlapHint);
                ok = false;
                continue;
            }

            slots.Add(slot);
        }

        return ok ? slots : null;
    }

    /// <summary>Whether the byte ranges [a, aEnd) and [b, bEnd) share a byte: two slots, or a copy and a pointer.</summary>
    public static bool Overlap(ulong a, ulong aEnd, ulong b, ulong bEnd) => a < bEnd && b < aEnd;
}
