namespace Conformance.Scenarios;

/// <summary>A place in a scenario file, for provenance and for pointing reports back at the YAML.</summary>
/// <param name="File">Path as shown to the user.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
public readonly record struct SourceLocation(string File, long Line, long Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
