using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// One settable field of a scenario (e.g. input.state) with its typed value and the node it came from, whether
/// written in the scenario body or as a <c>vary:</c> value; errors about a case point at that node.
/// </summary>
/// <param name="Path">Dotted path, e.g. input.size.</param>
/// <param name="Value">Typed value (uint, enum, LengthExpression, ContentSource, PointerAim, IoctlDefinition).</param>
/// <param name="Text">What case ids show: the scalar as written, a pointer's canonical aim (output+8), a content's name.</param>
/// <param name="Node">Where it was written.</param>
internal sealed record FieldValue(string Path, object Value, string Text, SourceNode Node)
{
    /// <summary>
    /// Two values are the same axis value when they mean the same, however written (16 and 0x10); contents, which
    /// are bytes, when they have the same name (their case ids would be the same).
    /// </summary>
    public bool SameValueAs(FieldValue other) =>
        Value is Parsing.ContentSource ? Text == other.Text : Equals(Value, other.Value);
}
