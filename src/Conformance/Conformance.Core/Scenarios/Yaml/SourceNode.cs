using YamlDotNet.Core;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// A node of a YAML document with its position. Built by <see cref="SourceTreeReader"/> from parser events
/// rather than YamlDotNet's composed YamlStream, so that a duplicate key is one error among many instead of
/// an exception that hides every other problem in the file.
/// </summary>
internal abstract class SourceNode(Mark start)
{
    public Mark Start { get; } = start;

    /// <summary>How the node reads in an error message ("a list", "the string 'x'").</summary>
    public abstract string Describe();
}

/// <summary>A scalar exactly as written; interpretation (number, name, flag) belongs to the field that reads it.</summary>
internal sealed class SourceScalar(Mark start, string value, ScalarStyle style) : SourceNode(start)
{
    public string Value { get; } = value;

    public ScalarStyle Style { get; } = style;

    /// <summary>Plain scalars may be numbers or flags; quoted ones are always strings.</summary>
    public bool IsPlain => Style is ScalarStyle.Plain or ScalarStyle.Any;

    /// <summary>A plain empty value, <c>~</c> or <c>null</c>: YAML's null.</summary>
    public bool IsNull => IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    public SourceScalar WithStart(Mark start) => new(start, Value, Style);

    public override string Describe() =>
        Value.Length == 0 && IsPlain ? "an empty value" : $"'{Shorten(Value)}'";

    private static string Shorten(string text)
    {
        // Quoted YAML can carry control characters ("\0"); show them escaped so messages stay one clean line.
        var visible = string.Concat(text.Select(c => char.IsControl(c) ? $"\\x{(int)c:X2}" : c.ToString()));
        return visible.Length <= 40 ? visible : string.Concat(visible.AsSpan(0, 37), "...");
    }
}

/// <summary>A mapping whose keys are scalars, in file order, duplicates already removed.</summary>
internal sealed class SourceMapping(Mark start, IReadOnlyList<KeyValuePair<SourceScalar, SourceNode>> entries)
    : SourceNode(start)
{
    public IReadOnlyList<KeyValuePair<SourceScalar, SourceNode>> Entries { get; } = entries;

    public override string Describe() => "a mapping";
}

/// <summary>A list, in file order.</summary>
internal sealed class SourceSequence(Mark start, IReadOnlyList<SourceNode> items) : SourceNode(start)
{
    public IReadOnlyList<SourceNode> Items { get; } = items;

    public override string Describe() => "a list";
}

/// <summary>
/// Stands in for a node that could not be built (e.g. a broken alias). Its error is already reported, so every
/// reader skips it silently instead of adding a second, misleading error at the same place.
/// </summary>
internal sealed class SourceError(Mark start) : SourceNode(start)
{
    public override string Describe() => "an unreadable value";
}
