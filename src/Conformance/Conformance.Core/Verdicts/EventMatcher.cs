using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>Matches a logged event against an expected one: same name, and each named field's constraint holds.</summary>
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
            if (!logged.Fields.TryGetValue(field, out var actual) || !wanted.Matches(actual))
            {
                return false;
            }
        }

        return true;
    }
}
