using System.Globalization;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>Matches a logged event against an expected one: same name, and each named field equal.</summary>
public static class EventMatcher
{
    /// <summary>Whether <paramref name="logged"/> satisfies <paramref name="expected"/>.</summary>
    public static bool Matches(EventExpectation expected, TraceEventRecord logged)
    {
        if (!string.Equals(expected.Name, logged.Name, StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var (field, wanted) in expected.Fields)
        {
            if (!logged.Fields.TryGetValue(field, out var actual) || !ValueEquals(wanted, actual))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A field value written in a scenario (number, hex, NTSTATUS name or text) equals a logged value.</summary>
    public static bool ValueEquals(string wanted, object actual)
    {
        if (actual is string text)
        {
            return string.Equals(wanted, text, StringComparison.Ordinal);
        }

        long actualNumber = Convert.ToInt64(actual, CultureInfo.InvariantCulture);
        if (NtStatus.TryGetValue(wanted, out int status))
        {
            return (int)actualNumber == status || (uint)actualNumber == (uint)status;
        }

        if (wanted.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(wanted.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong hex))
        {
            return (ulong)actualNumber == hex || (uint)actualNumber == hex;
        }

        return long.TryParse(wanted, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number) && number == actualNumber;
    }
}
