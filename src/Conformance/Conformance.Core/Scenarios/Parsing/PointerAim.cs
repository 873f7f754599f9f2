using System.Text.RegularExpressions;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// What a pointer in a buffer points at, as a scenario writes it: a target name with an optional byte offset,
/// <c>kernel_canary</c>, <c>output + 8</c>, <c>null + 0x10</c>. Only the target knows the address; the scenario
/// says what it means.
/// </summary>
/// <param name="Target">The named place.</param>
/// <param name="Addend">Bytes added to its address (may be negative).</param>
internal sealed partial record PointerAim(PointerTarget Target, long Addend)
{
    /// <summary>Reads an aim; <paramref name="what"/> names the field in messages.</summary>
    public static bool TryRead(SourceNode node, string what, ValueReader reader, out PointerAim aim)
    {
        aim = new PointerAim(PointerTarget.Null, 0);

        // 'to: null' means the NULL pointer, not YAML's "no value" (as 'state: null' does).
        if (node is SourceScalar { IsPlain: true, Value: "null" })
        {
            return true;
        }

        if (!reader.TryScalar(node, what, out var scalar))
        {
            return false;
        }

        var match = AimPattern().Match(scalar.Value.Trim());
        if (!match.Success)
        {
            reader.Diagnostics.Error(node, $"'{what}' value {scalar.Describe()} is not a pointer target",
                $"Write one of {string.Join(", ", ScenarioSyntax.PointerTargets.Names)}, optionally followed by +N or -N bytes, e.g. output + 8.");
            return false;
        }

        var name = match.Groups["name"].Value;
        if (!ScenarioSyntax.PointerTargets.TryParse(name, out var target))
        {
            reader.Diagnostics.Error(node, $"unknown pointer target '{name}' for '{what}'", DidYouMean.Hint(name, ScenarioSyntax.PointerTargets.Names));
            return false;
        }

        long addend = 0;
        if (match.Groups["n"].Success)
        {
            if (!reader.TryByteOffset(node, match.Groups["n"].Value, what, uint.MaxValue, out var n))
            {
                return false;
            }

            addend = match.Groups["op"].Value == "-" ? -(long)n : (long)n;
        }

        aim = new PointerAim(target, addend);
        return true;
    }

    /// <summary>The pointer this aim makes at <paramref name="offset"/> of a buffer.</summary>
    public BufferPointer At(uint offset, uint width) => new(offset, Target, Addend, width);

    /// <summary>The canonical spelling, used in case ids: no spaces, output+8.</summary>
    public override string ToString() => BufferPointer.Describe(Target, Addend);

    [GeneratedRegex(@"^(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:(?<op>[+-])\s*(?<n>[0-9A-Za-z_]+))?$")]
    private static partial Regex AimPattern();
}
