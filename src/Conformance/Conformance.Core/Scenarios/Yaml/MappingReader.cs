using System.Diagnostics;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// Reads one mapping against its <see cref="KeySet"/>: unknown keys are reported (with a suggestion) as soon as
/// the mapping is opened, and values are fetched by key.
/// </summary>
internal sealed class MappingReader
{
    private MappingReader(SourceMapping node, KeySet keys)
    {
        Node = node;
        Keys = keys;
    }

    public SourceMapping Node { get; }

    public KeySet Keys { get; }

    /// <summary>Opens <paramref name="node"/> as a mapping of <paramref name="keys"/>; null (and an error) if it is not one.</summary>
    public static MappingReader? Open(SourceNode node, KeySet keys, Diagnostics diagnostics)
    {
        if (node is SourceError)
        {
            return null;
        }

        if (node is not SourceMapping mapping)
        {
            diagnostics.Error(node, $"expected a mapping for the {keys.Description}, got {node.Describe()}",
                $"Known keys: {string.Join(", ", keys.Keys)}.");
            return null;
        }

        foreach (var (key, _) in mapping.Entries)
        {
            if (!keys.Contains(key.Value))
            {
                diagnostics.Error(key, $"unknown key '{key.Value}' in {keys.Description}", DidYouMean.Hint(key.Value, keys.Keys));
            }
        }

        return new MappingReader(mapping, keys);
    }

    public SourceNode? Get(string key)
    {
        Debug.Assert(Keys.Contains(key), $"'{key}' is not declared in {Keys.SchemaName}");
        return Node.Entries.FirstOrDefault(e => e.Key.Value == key).Value;
    }

    public SourceScalar? KeyOf(string key) => Node.Entries.FirstOrDefault(e => e.Key.Value == key).Key;

    public bool Has(string key) => Get(key) is not null;

    /// <summary>
    /// Whether an unknown key of this mapping is a misspelling of <paramref name="key"/>. Callers then skip their
    /// "missing key" error: the unknown-key error with its suggestion already says what to fix.
    /// </summary>
    public bool Misspells(string key) =>
        Node.Entries.Any(e => !Keys.Contains(e.Key.Value) && DidYouMean.Closest(e.Key.Value, Keys.Keys) == key);

    /// <summary>True when <paramref name="key"/> is given or misspelt (already reported).</summary>
    public bool HasOrMisspells(string key) => Has(key) || Misspells(key);
}
