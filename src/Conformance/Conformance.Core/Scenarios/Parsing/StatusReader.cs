using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads <c>status:</c>: a STATUS_* name, a number, a class word (success, information, warning, error),
/// <c>{any_of: [...]}</c> or <c>{not: X}</c>.
/// </summary>
internal static class StatusReader
{
    public static StatusExpectation? Read(SourceNode node, ValueReader reader)
    {
        if (node is not SourceMapping)
        {
            return ReadSingle(node, "status", reader);
        }

        if (MappingReader.Open(node, ScenarioSyntax.StatusSet, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        if (map.Node.Entries.Count != 1)
        {
            reader.Diagnostics.Error(node, "a status mapping holds exactly one of 'any_of' or 'not'");
            return null;
        }

        if (map.Get("not") is { } excluded)
        {
            return ReadSingle(excluded, "status.not", reader) is { } inner ? new NotStatus(inner) : null;
        }

        if (map.Get("any_of") is not { } list || !reader.TryList(list, "status.any_of", false, out var items))
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(list, "'status.any_of' is empty", "List the accepted statuses.");
            return null;
        }

        var options = items.Select(i => ReadSingle(i, "status.any_of", reader)).ToList();
        return options.All(o => o is not null) ? new AnyOfStatus([.. options!]) : null;
    }

    private static StatusExpectation? ReadSingle(SourceNode node, string what, ValueReader reader)
    {
        if (!reader.TryScalar(node, what, out var scalar))
        {
            return null;
        }

        var text = scalar.Value;
        if (ScenarioSyntax.StatusClasses.TryParse(text, out var severity))
        {
            return new StatusOfSeverity(severity);
        }

        if (scalar.IsPlain && ScalarNumber.LooksNumeric(text))
        {
            // Values are written as ntstatus.h prints them (0xC0000005); the sign bit is part of the code.
            return reader.TryNumber(node, what, 0, uint.MaxValue, out var value) ? new ExactStatus(unchecked((int)(uint)value)) : null;
        }

        if (NtStatus.TryGetValue(text, out var named))
        {
            return new ExactStatus(named);
        }

        reader.Diagnostics.Error(node, $"unknown status '{text}'",
            DidYouMean.Closest(text, NtStatus.Names.Concat(ScenarioSyntax.StatusClasses.Names)) is { } close
                ? $"Did you mean '{close}'?"
                : "Write a STATUS_* name, a hex value like 0xC0000005, or one of success, information, warning, error.");
        return null;
    }
}
