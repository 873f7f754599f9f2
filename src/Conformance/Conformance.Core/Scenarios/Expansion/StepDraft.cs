using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>One entry of a scenario's <c>steps:</c>, read and checked field by field.</summary>
/// <param name="Name">Its name.</param>
/// <param name="Node">Its entry in the list, where errors about the step as a whole point.</param>
/// <param name="Ioctl">The IOCTL it calls.</param>
/// <param name="Fields">Its buffer fields by path (input.size, output.content, ...).</param>
/// <param name="Sections">The buffers it writes (input, output) and their nodes.</param>
/// <param name="Status">The status it must return.</param>
internal sealed record StepDraft(
    string Name,
    SourceNode Node,
    IoctlDefinition Ioctl,
    IReadOnlyDictionary<string, FieldValue> Fields,
    IReadOnlyDictionary<string, SourceNode> Sections,
    StatusExpectation Status);
