namespace Conformance.Scenarios;

/// <summary>One loaded scenario file and the cases it expands to.</summary>
/// <param name="Id">Path relative to the scenarios root, without .yaml, with '/' separators.</param>
/// <param name="File">The file as shown to the user.</param>
/// <param name="Description">Free text from the file.</param>
/// <param name="Device">The device profile it targets.</param>
/// <param name="Axes">The <c>vary:</c> axis paths, in order.</param>
/// <param name="Cases">Expanded cases in deterministic order (axes as written, first axis outermost; repetitions innermost).</param>
public sealed record Scenario(
    string Id,
    string File,
    string? Description,
    DeviceProfile Device,
    IReadOnlyList<string> Axes,
    IReadOnlyList<ScenarioCase> Cases);
