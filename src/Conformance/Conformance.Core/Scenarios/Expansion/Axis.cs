using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>One <c>vary:</c> axis: a field path and the values it takes, in the order written.</summary>
/// <param name="Path">Dotted field path, e.g. input.state.</param>
/// <param name="Key">The key node in <c>vary:</c>.</param>
/// <param name="Values">The values, parsed by the field's own reader.</param>
internal sealed record Axis(string Path, SourceScalar Key, IReadOnlyList<FieldValue> Values);
