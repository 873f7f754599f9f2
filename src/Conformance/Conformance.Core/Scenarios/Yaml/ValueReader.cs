using System.Diagnostics.CodeAnalysis;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// Reads typed values out of scalars, reporting wrong types and ranges with the field's name. YAML's own
/// typing is not trusted: a quoted "16" is a string, so a size written that way is an error, not a guess.
/// </summary>
internal sealed class ValueReader(Diagnostics diagnostics)
{
    public Diagnostics Diagnostics { get; } = diagnostics;

    public bool TryScalar(SourceNode node, string what, [NotNullWhen(true)] out SourceScalar? scalar)
    {
        scalar = node as SourceScalar;
        if (node is SourceError)
        {
            return false;
        }

        if (scalar is null)
        {
            Diagnostics.Error(node, $"expected a single value for '{what}', got {node.Describe()}");
            return false;
        }

        if (scalar.IsNull)
        {
            Diagnostics.Error(node, $"'{what}' has no value");
            scalar = null;
            return false;
        }

        return true;
    }

    public bool TryNumber(SourceNode node, string what, ulong min, ulong max, out ulong value)
    {
        value = 0;
        if (!TryScalar(node, what, out var scalar))
        {
            return false;
        }

        if (!scalar.IsPlain)
        {
            Diagnostics.Error(node, $"expected a number for '{what}', got the string {scalar.Describe()}", "Remove the quotes.");
            return false;
        }

        if (!ScalarNumber.TryParse(scalar.Value, out value, out var problem))
        {
            Diagnostics.Error(node, $"'{what}' value {scalar.Describe()} {problem}");
            return false;
        }

        if (value < min || value > max)
        {
            Diagnostics.Error(node, $"'{what}' value {scalar.Value} is out of range ({min}..{max})");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Reads the N of a "+ N" byte offset written inside a scalar (a pointer's aim, a copy's source), at most
    /// <paramref name="max"/>; <paramref name="node"/> is the scalar, where an error points.
    /// </summary>
    public bool TryByteOffset(SourceNode node, string text, string what, ulong max, out ulong value)
    {
        if (ScalarNumber.TryParse(text, out value, out var problem) && value <= max)
        {
            return true;
        }

        Diagnostics.Error(node, $"byte offset '{text}' in '{what}' {problem ?? $"is too large (at most {max})"}");
        return false;
    }

    public bool TryUInt32(SourceNode node, string what, uint min, uint max, out uint value)
    {
        var ok = TryNumber(node, what, min, max, out var wide);
        value = (uint)wide;
        return ok;
    }

    public bool TryFlag(SourceNode node, string what, out bool value)
    {
        value = false;
        if (!TryScalar(node, what, out var scalar))
        {
            return false;
        }

        if (scalar.IsPlain && scalar.Value is "true" or "false")
        {
            value = scalar.Value == "true";
            return true;
        }

        Diagnostics.Error(node, $"expected true or false for '{what}', got {scalar.Describe()}");
        return false;
    }

    public bool TryText(SourceNode node, string what, [NotNullWhen(true)] out string? value)
    {
        value = null;
        if (!TryScalar(node, what, out var scalar))
        {
            return false;
        }

        value = scalar.Value;
        return true;
    }

    public bool TryName<T>(SourceNode node, string what, NameTable<T> table, out T value)
        where T : notnull
    {
        value = default!;

        // 'state: null' means the NULL-pointer buffer state, not YAML's "no value".
        if (node is SourceScalar { IsPlain: true, Value: "null" } && table.TryParse("null", out value))
        {
            return true;
        }

        if (!TryScalar(node, what, out var scalar))
        {
            return false;
        }

        if (table.TryParse(scalar.Value, out value))
        {
            return true;
        }

        Diagnostics.Error(node, $"unknown {table.What} '{scalar.Value}' for '{what}'", DidYouMean.Hint(scalar.Value, table.Names));
        return false;
    }

    /// <summary>Reads a list, accepting a single value as a one-element list only when <paramref name="allowSingle"/>.</summary>
    public bool TryList(SourceNode node, string what, bool allowSingle, out IReadOnlyList<SourceNode> items)
    {
        switch (node)
        {
            case SourceSequence sequence:
                items = sequence.Items;
                return true;
            // A plain 'null' is a value where one is meant (the null buffer state, the NULL pointer), as in TryName.
            case SourceScalar scalar when allowSingle && (!scalar.IsNull || scalar.Value == "null"):
                items = [scalar];
                return true;
            case SourceError:
                items = [];
                return false;
            default:
                Diagnostics.Error(node, $"expected a list for '{what}', got {node.Describe()}");
                items = [];
                return false;
        }
    }
}
