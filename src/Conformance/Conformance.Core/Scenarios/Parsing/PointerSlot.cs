using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Parsing;

/// <summary>A pointer written in a content's <c>pointers:</c> list, with the entry it came from for errors about it.</summary>
/// <param name="Pointer">The pointer.</param>
/// <param name="Node">The list entry.</param>
internal sealed record PointerSlot(BufferPointer Pointer, SourceNode Node);
