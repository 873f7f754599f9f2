namespace Conformance.Scenarios.Yaml;

/// <summary>Byte strings written as hex pairs ("DE AD BE EF" or "deadbeef"), the way memory dumps show them.</summary>
internal static class HexBytes
{
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    public static bool TryParse(string text, out byte[] bytes, out string? problem)
    {
        bytes = [];
        problem = null;
        var digits = new string([.. text.Where(c => !char.IsWhiteSpace(c))]);
        var bad = digits.AsSpan().IndexOfAnyExcept(HexDigits);
        if (bad >= 0)
        {
            problem = char.IsControl(digits[bad])
                ? $"contains the control character 0x{(int)digits[bad]:X2}, which is not a hex digit"
                : $"contains '{digits[bad]}', which is not a hex digit";
            return false;
        }

        if (digits.Length % 2 != 0)
        {
            problem = "has an odd number of hex digits (each byte is two digits)";
            return false;
        }

        bytes = Convert.FromHexString(digits);
        return true;
    }
}
