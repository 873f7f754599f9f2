namespace Conformance.Scenarios.Yaml;

/// <summary>
/// The YAML spellings of one enumeration (e.g. buffer states), in one place, so the loader, the error hints
/// and the schema test all agree on them.
/// </summary>
internal sealed class NameTable<T>
    where T : notnull
{
    private readonly (string Name, T Value)[] _entries;

    public NameTable(string what, params (string Name, T Value)[] entries)
    {
        What = what;
        _entries = entries;
    }

    /// <summary>What the names denote, for messages ("buffer state").</summary>
    public string What { get; }

    public IReadOnlyList<string> Names => [.. _entries.Select(e => e.Name)];

    public bool TryParse(string text, out T value)
    {
        foreach (var (name, entryValue) in _entries)
        {
            if (name == text)
            {
                value = entryValue;
                return true;
            }
        }

        value = default!;
        return false;
    }

    public string NameOf(T value) =>
        _entries.First(e => EqualityComparer<T>.Default.Equals(e.Value, value)).Name;
}
