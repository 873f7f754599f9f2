namespace Conformance.Scenarios.Yaml;

/// <summary>
/// The keys one kind of mapping accepts. <paramref name="SchemaName"/> names the matching definition in the
/// JSON Schema, so a test can prove the schema and the loader accept the same keys.
/// </summary>
/// <param name="SchemaName">Name of the definition under <c>$defs</c> (or "$root" for the document).</param>
/// <param name="Description">How the mapping is named in messages ("input buffer").</param>
/// <param name="Keys">The accepted keys, in the order the documentation lists them.</param>
internal sealed record KeySet(string SchemaName, string Description, IReadOnlyList<string> Keys)
{
    public bool Contains(string key) => Keys.Contains(key, StringComparer.Ordinal);
}
