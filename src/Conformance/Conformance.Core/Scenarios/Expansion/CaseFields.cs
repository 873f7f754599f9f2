namespace Conformance.Scenarios.Expansion;

/// <summary>The fields of one case: the scenario body overlaid with the case's axis values.</summary>
internal sealed class CaseFields
{
    private readonly Dictionary<string, FieldValue> _values;

    public CaseFields(IReadOnlyDictionary<string, FieldValue> written, IEnumerable<FieldValue> axisValues)
    {
        _values = new Dictionary<string, FieldValue>(written, StringComparer.Ordinal);
        foreach (var value in axisValues)
        {
            _values[value.Path] = value;
        }
    }

    public FieldValue? this[string path] => _values.GetValueOrDefault(path);

    public T Get<T>(string path, T fallback) => _values.TryGetValue(path, out var value) ? (T)value.Value : fallback;

    /// <summary>The pointer axes' values for <paramref name="buffer"/> (input.pointer@8, ...), in no particular order.</summary>
    public IEnumerable<FieldValue> PointerFields(string buffer) =>
        _values.Values.Where(v => v.Value is Parsing.PointerAim && v.Path.StartsWith(buffer + ".", StringComparison.Ordinal));

    /// <summary>Whether any field of a section (input, output, racer) is set, by the body or by an axis.</summary>
    public bool AnyIn(string section) => _values.Keys.Any(k => k.StartsWith(section + ".", StringComparison.Ordinal));
}
