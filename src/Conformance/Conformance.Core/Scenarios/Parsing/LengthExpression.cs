using System.Text.RegularExpressions;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// A length written once, relative to another length: <c>size</c>, <c>size+4</c>, <c>input.size-1</c>, or a
/// plain number. Saying the relation instead of the number keeps it right on every axis value (syzkaller's
/// "len" idea).
/// </summary>
/// <param name="Reference">The referenced length (e.g. input.size), or null for a plain number.</param>
/// <param name="Delta">Added to the reference (may be negative), or the number itself.</param>
internal sealed partial record LengthExpression(string? Reference, long Delta)
{
    public static LengthExpression Literal(ulong value) => new(null, (long)value);

    public static bool TryRead(SourceNode node, string what, IReadOnlyList<string> references, ulong max, ValueReader reader, out LengthExpression expression)
    {
        expression = Literal(0);
        if (!reader.TryScalar(node, what, out var scalar))
        {
            return false;
        }

        if (ScalarNumber.LooksNumeric(scalar.Value))
        {
            var ok = reader.TryNumber(node, what, 0, max, out var number);
            expression = Literal(number);
            return ok;
        }

        var match = RelativePattern().Match(scalar.Value);
        if (!match.Success)
        {
            reader.Diagnostics.Error(node, $"'{what}' value {scalar.Describe()} is neither a number nor a relative length",
                $"Write a number, or one of {string.Join(", ", references)} optionally followed by +N or -N.");
            return false;
        }

        var reference = match.Groups["ref"].Value;
        if (!references.Contains(reference))
        {
            reader.Diagnostics.Error(node, $"unknown length '{reference}' in '{what}'", DidYouMean.Hint(reference, [.. references]));
            return false;
        }

        long delta = 0;
        if (match.Groups["n"].Success)
        {
            if (!ScalarNumber.TryParse(match.Groups["n"].Value, out var n, out var problem) || n > uint.MaxValue)
            {
                reader.Diagnostics.Error(node, $"offset '{match.Groups["n"].Value}' in '{what}' {problem ?? "is too large"}");
                return false;
            }

            delta = match.Groups["op"].Value == "-" ? -(long)n : (long)n;
        }

        expression = new LengthExpression(reference, delta);
        return true;
    }

    /// <summary>The value for one case; may be negative or too large, which the caller reports.</summary>
    public long Evaluate(Func<string, ulong> lengthOf) => Reference is null ? Delta : (long)lengthOf(Reference) + Delta;

    public override string ToString() =>
        Reference is null ? $"{Delta}" : Delta switch { 0 => Reference, > 0 => $"{Reference}+{Delta}", _ => $"{Reference}{Delta}" };

    [GeneratedRegex(@"^(?<ref>[A-Za-z_][A-Za-z0-9_.]*)\s*(?:(?<op>[+-])\s*(?<n>[0-9A-Za-z_]+))?$")]
    private static partial Regex RelativePattern();
}
