using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Parsing;

/// <summary>A copy written in a content's <c>copies:</c> list, with the entry it came from for errors about it.</summary>
/// <param name="Copy">The copy.</param>
/// <param name="Node">The list entry.</param>
/// <param name="FromNode">Its <c>from:</c> value, where an unknown or later step is reported.</param>
internal sealed record CopySlot(BufferCopy Copy, SourceNode Node, SourceNode FromNode);
