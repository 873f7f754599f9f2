using Conformance.Scenarios.Yaml;
using YamlDotNet.Core;

namespace Conformance.Scenarios.Expansion;

/// <summary>A scenario file read and checked field by field, before it is expanded into cases.</summary>
internal sealed class ScenarioDraft
{
    public required string Id { get; init; }

    public required string File { get; init; }

    public required Mark Start { get; init; }

    /// <summary>The document's root mapping, where errors about the scenario as a whole point.</summary>
    public required SourceNode Root { get; init; }

    public string? Description { get; init; }

    public required DeviceProfile Device { get; init; }

    /// <summary>Fields written in the scenario body, by path.</summary>
    public required IReadOnlyDictionary<string, FieldValue> Fields { get; init; }

    /// <summary>The sections written (input, output, racer) and their nodes.</summary>
    public required IReadOnlyDictionary<string, SourceNode> Sections { get; init; }

    public required IReadOnlyList<Axis> Axes { get; init; }

    public SourceNode? VaryNode { get; init; }

    public required IReadOnlyList<AxisSelector> Excludes { get; init; }

    public SourceNode? ExcludeNode { get; init; }

    public required ExpectDraft Expect { get; init; }

    public required IReadOnlyList<ExpectOverride> Overrides { get; init; }

    public required uint Repeat { get; init; }

    /// <summary>The <c>steps:</c> fired before every case's own call, in order; empty without.</summary>
    public IReadOnlyList<StepDraft> Steps { get; init; } = [];
}
