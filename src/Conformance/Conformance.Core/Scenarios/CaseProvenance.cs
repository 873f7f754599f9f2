namespace Conformance.Scenarios;

/// <summary>One axis value of a case, as written in the scenario's <c>vary:</c>.</summary>
/// <param name="Path">The axis, e.g. input.state.</param>
/// <param name="Value">The value as written, e.g. no_access.</param>
public sealed record AxisAssignment(string Path, string Value)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Path}={Value}";
}

/// <summary>Where a case came from, so results and reproducers can point back at the YAML.</summary>
/// <param name="ScenarioId">Scenario path relative to the scenarios root, without .yaml.</param>
/// <param name="Scenario">Position of the scenario document.</param>
/// <param name="Axes">The case's axis values, in <c>vary:</c> order.</param>
/// <param name="Repetition">1-based repetition number (1 when the scenario does not repeat).</param>
/// <param name="ExpectOverride">Position of the <c>cases:</c> entry whose <c>when</c> matched, or null.</param>
public sealed record CaseProvenance(
    string ScenarioId,
    SourceLocation Scenario,
    IReadOnlyList<AxisAssignment> Axes,
    int Repetition,
    SourceLocation? ExpectOverride);
