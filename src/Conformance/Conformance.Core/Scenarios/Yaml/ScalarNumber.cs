using System.Globalization;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// Numbers as scenario files write them: decimal or 0x-hex, never negative, never fractional. Control codes and
/// NTSTATUS values are read in hex in every driver header, so hex is first-class.
/// </summary>
internal static class ScalarNumber
{
    public static bool LooksNumeric(string text) =>
        text.Length > 0 && (char.IsAsciiDigit(text[0]) || (text[0] is '-' or '+' && text.Length > 1 && char.IsAsciiDigit(text[1])));

    /// <summary>Parses <paramref name="text"/>; on failure <paramref name="problem"/> says why.</summary>
    public static bool TryParse(string text, out ulong value, out string? problem)
    {
        value = 0;
        problem = null;
        var digits = text.Replace("_", "", StringComparison.Ordinal);
        if (digits.StartsWith('-'))
        {
            problem = "must not be negative";
            return false;
        }

        var hex = digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase);
        var body = hex ? digits[2..] : digits;
        var valid = body.Length > 0 && body.All(hex ? char.IsAsciiHexDigit : char.IsAsciiDigit) && !text.EndsWith('_');
        if (!valid)
        {
            problem = "is not a number (write decimal like 4096 or hex like 0x1000)";
            return false;
        }

        if (!ulong.TryParse(body, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out value))
        {
            problem = "is too large";
            return false;
        }

        return true;
    }
}
