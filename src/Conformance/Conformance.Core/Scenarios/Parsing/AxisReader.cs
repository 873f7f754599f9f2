using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>Reads <c>vary:</c> axes and the selectors that refer to them (<c>exclude:</c> entries, <c>when:</c>).</summary>
internal sealed class AxisReader(FieldReader fields, ValueReader reader)
{
    // Axes written under vary: that did not load (unknown path, a bad value). A selector naming one is not reported
    // again: the axis's own error is the first cause, and "not a vary axis" would send the reader to the wrong line.
    private readonly HashSet<string> brokenAxes = new(StringComparer.Ordinal);

    public List<Axis> ReadVary(SourceNode node, IReadOnlyDictionary<string, FieldValue> written)
    {
        var axes = new List<Axis>();
        if (node is SourceError)
        {
            return axes;
        }

        if (node is not SourceMapping vary)
        {
            reader.Diagnostics.Error(node, $"expected a mapping of field paths to value lists for 'vary', got {node.Describe()}",
                "Write e.g. vary: { input.state: [read_write, no_access] }.");
            return axes;
        }

        if (vary.Entries.Count == 0)
        {
            reader.Diagnostics.Error(node, "'vary' has no axes", "Remove it, or add an axis such as input.size: [0, 1, 4096].");
        }

        foreach (var (key, valueNode) in vary.Entries)
        {
            if (ReadAxis(key, valueNode, written) is { } axis)
            {
                axes.Add(axis);
            }
            else
            {
                // A misspelt axis is broken under the name it was meant to have too: 'when: { input.state: ... }'
                // after 'vary: { input.stat: ... }' is the same mistake, reported once.
                brokenAxes.Add(key.Value);
                if (DidYouMean.Closest(key.Value, ScenarioSyntax.VaryPaths) is { } meant)
                {
                    brokenAxes.Add(meant);
                }
            }
        }

        return axes;
    }

    private Axis? ReadAxis(SourceScalar key, SourceNode valueNode, IReadOnlyDictionary<string, FieldValue> written)
    {
        var path = key.Value;
        var isPointer = ScenarioSyntax.TryParsePointerPath(path, out var pointerBuffer, out var pointerOffset);
        if (!isPointer && !ScenarioSyntax.VaryPaths.Contains(path))
        {
            reader.Diagnostics.Error(key, $"unknown vary path '{path}'", UnknownPathHint(path));
            return null;
        }

        var fixedValue = written.GetValueOrDefault(path) ?? (isPointer ? WrittenPointer(written, pointerBuffer, pointerOffset) : null);
        if (fixedValue is not null)
        {
            reader.Diagnostics.Error(key, $"'{path}' is both written in the scenario (line {fixedValue.Node.Start.Line}) and varied",
                "Remove one of them; the axis would always override the written value.");
            return null;
        }

        if (!reader.TryList(valueNode, $"vary {path}", false, out var items))
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(valueNode, $"vary axis '{path}' has no values", "List at least one value, or remove the axis.");
            return null;
        }

        var isContent = ScenarioSyntax.IsContentPath(path);
        var values = new List<FieldValue>();
        foreach (var item in items)
        {
            if (item is SourceError)
            {
                continue;
            }

            if (isContent ? item is not SourceMapping : item is not SourceScalar)
            {
                reader.Diagnostics.Error(item, isContent
                    ? $"a value of vary axis '{path}' must be a content mapping, not {item.Describe()}"
                    : $"a value of vary axis '{path}' must be a single value, not {item.Describe()}",
                    isContent ? "Write e.g. - { name: secret, pointers: [{ offset: 0, to: kernel_secret }] }." : null);
                continue;
            }

            if (fields.Read(path, item) is not { } value)
            {
                continue;
            }

            if (isContent && value.Text.Length == 0)
            {
                reader.Diagnostics.Error(item, $"a value of vary axis '{path}' needs a 'name'",
                    $"The name is what its case ids show ({path}=NAME) and what 'when' and 'exclude' name; add e.g. name: what_secret.");
                continue;
            }

            if (values.FirstOrDefault(v => v.SameValueAs(value)) is { } earlier)
            {
                reader.Diagnostics.Error(item, $"vary axis '{path}' lists the value {value.Text} twice (first as {earlier.Text} at line {earlier.Node.Start.Line})",
                    "Each value gives one case id; list it once.");
                continue;
            }

            values.Add(value);
        }

        return values.Count == items.Count ? new Axis(path, key, values) : null;
    }

    /// <summary>A pointer the written content already places at the offset a pointer axis names.</summary>
    private static FieldValue? WrittenPointer(IReadOnlyDictionary<string, FieldValue> written, string buffer, uint offset) =>
        written.TryGetValue(buffer + ".content", out var content) && content.Value is ContentSource source
            && source.Pointers.FirstOrDefault(p => p.Pointer.Offset == offset) is { } slot
            ? content with { Node = slot.Node }
            : null;

    private static string? UnknownPathHint(string path)
    {
        if (path.Contains("pointer", StringComparison.OrdinalIgnoreCase))
        {
            return $"A pointer axis names the byte offset of the pointer in its buffer: {ScenarioSyntax.PointerPathExample} or output.pointer@0x10.";
        }

        return DidYouMean.Hint(path, [.. ScenarioSyntax.VaryPaths]);
    }

    /// <summary>Reads a selector; <paramref name="what"/> names it in messages ("exclude entry", "when").</summary>
    public AxisSelector? ReadSelector(SourceNode node, IReadOnlyList<Axis> axes, string what)
    {
        if (node is SourceError)
        {
            return null;
        }

        if (node is not SourceMapping map)
        {
            reader.Diagnostics.Error(node, $"expected a mapping of axis values for '{what}', got {node.Describe()}",
                "Write e.g. { input.state: no_access }.");
            return null;
        }

        if (map.Entries.Count == 0)
        {
            reader.Diagnostics.Error(node, $"'{what}' names no axis", "Name at least one vary axis and its value.");
            return null;
        }

        var errorsBefore = reader.Diagnostics.Count;
        var conditions = new List<AxisCondition>();
        bool namesBrokenAxis = false;
        foreach (var (key, valueNode) in map.Entries)
        {
            if (brokenAxes.Contains(key.Value))
            {
                namesBrokenAxis = true;
                continue;
            }

            if (axes.FirstOrDefault(a => a.Path == key.Value) is not { } axis)
            {
                reader.Diagnostics.Error(key, $"'{key.Value}' in '{what}' is not a vary axis of this scenario", AxisHint(key.Value, axes));
                continue;
            }

            if (!reader.TryList(valueNode, $"{what} {axis.Path}", true, out var items))
            {
                continue;
            }

            var accepted = new List<FieldValue>();
            foreach (var item in items)
            {
                if (item is SourceScalar named && ScenarioSyntax.IsContentPath(axis.Path))
                {
                    // A content is named by its name: the whole mapping again would be a second copy to keep in step.
                    if (axis.Values.FirstOrDefault(v => v.Text == named.Value) is { } content)
                    {
                        accepted.Add(content);
                    }
                    else
                    {
                        reader.Diagnostics.Error(item, $"'{named.Value}' is not a value of vary axis '{axis.Path}'",
                            $"Its values are: {string.Join(", ", axis.Values.Select(v => v.Text))}.");
                    }
                }
                else if (item is SourceScalar && fields.Read(axis.Path, item) is { } value)
                {
                    if (axis.Values.FirstOrDefault(v => v.SameValueAs(value)) is { } axisValue)
                    {
                        accepted.Add(axisValue);
                    }
                    else
                    {
                        reader.Diagnostics.Error(item, $"'{value.Text}' is not a value of vary axis '{axis.Path}'",
                            $"Its values are: {string.Join(", ", axis.Values.Select(v => v.Text))}.");
                    }
                }
                else if (item is not SourceScalar and not SourceError)
                {
                    reader.Diagnostics.Error(item, $"expected a single value for '{axis.Path}' in '{what}', got {item.Describe()}");
                }
            }

            conditions.Add(new AxisCondition(axis, accepted));
        }

        return reader.Diagnostics.Count == errorsBefore && !namesBrokenAxis ? new AxisSelector(node, conditions) : null;
    }

    private static string AxisHint(string path, IReadOnlyList<Axis> axes) =>
        axes.Count == 0
            ? "This scenario has no 'vary' axes."
            : DidYouMean.Closest(path, axes.Select(a => a.Path)) is { } close
                ? $"Did you mean '{close}'?"
                : $"This scenario varies: {string.Join(", ", axes.Select(a => a.Path))}.";
}
