using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>Reads an <c>expect:</c> block (the base one or a <c>cases:</c> override).</summary>
internal static class ExpectReader
{
    public static ExpectDraft? Read(SourceNode node, ValueReader reader, DeviceProfile? device)
    {
        if (MappingReader.Open(node, ScenarioSyntax.Expect, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var errorsBefore = reader.Diagnostics.Count;
        var draft = new ExpectDraft
        {
            Status = map.Get("status") is { } status ? StatusReader.Read(status, reader) : null,
            Information = map.Get("information") is { } information ? ReadInformation(information, reader) : null,
            Alive = Flag(map, "alive", reader),
            OutputUntouchedPastInformation = Flag(map, "output_untouched_past_information", reader),
            ReadOnlyUnchanged = Flag(map, "readonly_unchanged", reader),
            KernelCanaryIntact = Flag(map, "kernel_canary_intact", reader),
            NoKernelSecret = Flag(map, "no_kernel_secret", reader),
            NoPoolPoison = Flag(map, "no_pool_poison", reader),
            NoDoubleFetch = Flag(map, "no_double_fetch", reader),
            UserAccessProbed = Flag(map, "user_access_probed", reader),
            UserAccessInTry = Flag(map, "user_access_in_try", reader),
            NoUnexpectedUserAccess = Flag(map, "no_unexpected_user_access", reader),
            FileOpenChecked = Flag(map, "file_open_checked", reader),
            KernelHandles = Flag(map, "kernel_handles", reader),
            TimeLimitMs = map.Get("time_limit_ms") is { } limit && reader.TryUInt32(limit, "time_limit_ms", 1, BufferLimits.MaxTimeLimitMs, out var ms) ? ms : null,
            Events = map.Get("events") is { } events ? ReadEvents(events, "events", reader) : null,
            ForbidEvents = map.Get("forbid_events") is { } forbid ? ReadEvents(forbid, "forbid_events", reader) : null,
            LogsValidationFailure = ProofFlag(map, "logs_validation_failure", device?.ValidationFailedProof, device, "validation_failed", reader),
            LogsHandledException = ProofFlag(map, "logs_handled_exception", device?.ExceptionHandledProof, device, "exception_handled", reader),
        };
        return reader.Diagnostics.Count == errorsBefore ? draft : null;
    }

    // A short-form proof needs the device profile to name the driver's event for it.
    private static bool? ProofFlag(MappingReader map, string key, EventProof? proof, DeviceProfile? device, string proofKey, ValueReader reader)
    {
        var value = Flag(map, key, reader);
        if (value == true && device is not null && proof is null)
        {
            reader.Diagnostics.Error(map.Get(key)!, $"device profile '{device.Name}' names no event for '{key}'",
                $"Add proofs: {{ {proofKey}: {{ event: <event name>, field: <status field> }} }} to {device.File}, or list the event under 'events'.");
            return null;
        }

        return value;
    }

    private static bool? Flag(MappingReader map, string key, ValueReader reader) =>
        map.Get(key) is { } node && reader.TryFlag(node, key, out var value) ? value : null;

    private static InformationDraft? ReadInformation(SourceNode node, ValueReader reader)
    {
        var references = ScenarioSyntax.LengthReferences;
        if (node is not SourceMapping)
        {
            return LengthExpression.TryRead(node, "information", references, ulong.MaxValue >> 1, reader, out var exact)
                ? new InformationDraft(exact, exact, node)
                : null;
        }

        if (MappingReader.Open(node, ScenarioSyntax.InformationRange, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        if (!map.Has("min") && !map.Has("max"))
        {
            reader.Diagnostics.Error(node, "information range gives neither 'min' nor 'max'");
            return null;
        }

        var min = LengthExpression.Literal(0);
        var max = LengthExpression.Literal(uint.MaxValue);
        var ok = (map.Get("min") is not { } minNode || LengthExpression.TryRead(minNode, "information.min", references, ulong.MaxValue >> 1, reader, out min))
            & (map.Get("max") is not { } maxNode || LengthExpression.TryRead(maxNode, "information.max", references, ulong.MaxValue >> 1, reader, out max));
        return ok ? new InformationDraft(min, max, node) : null;
    }

    // A field constraint: a value (equality), { min, max } (integer range) or { any_of: [values] }.
    private static EventFieldMatcher? ReadFieldMatcher(SourceNode node, string what, ValueReader reader)
    {
        if (node is not SourceMapping map)
        {
            return reader.TryText(node, what, out var text) ? new FieldEquals(text) : null;
        }

        var keys = map.Entries.Select(e => e.Key.Value).ToList();
        if (keys.Count == 1 && keys[0] == "any_of")
        {
            if (!reader.TryList(map.Entries[0].Value, $"{what}.any_of", allowSingle: false, out var items) || items.Count == 0)
            {
                if (items is { Count: 0 })
                {
                    reader.Diagnostics.Error(map.Entries[0].Value, $"'{what}.any_of' is empty", "List at least one value.");
                }

                return null;
            }

            var options = new List<EventFieldMatcher>();
            foreach (var item in items)
            {
                if (reader.TryText(item, $"{what}.any_of", out var text))
                {
                    options.Add(new FieldEquals(text));
                }
            }

            return options.Count == items.Count ? new FieldAnyOf(options) : null;
        }

        if (keys.Count == 2 && keys.Contains("min") && keys.Contains("max"))
        {
            var min = map.Entries.First(e => e.Key.Value == "min").Value;
            var max = map.Entries.First(e => e.Key.Value == "max").Value;
            if (!reader.TryNumber(min, $"{what}.min", 0, ulong.MaxValue, out ulong low) || !reader.TryNumber(max, $"{what}.max", 0, ulong.MaxValue, out ulong high))
            {
                return null;
            }

            if (low > high)
            {
                reader.Diagnostics.Error(min, $"'{what}' has min {low} above max {high}", "Swap them.");
                return null;
            }

            return new FieldInRange(low, high);
        }

        reader.Diagnostics.Error(node, $"'{what}' must be a value, {{ min, max }} or {{ any_of: [...] }}",
            "Write e.g. Status: STATUS_SUCCESS, Information: { min: 0, max: 16 } or Status: { any_of: [STATUS_SUCCESS, STATUS_PENDING] }.");
        return null;
    }

    private static List<EventExpectation>? ReadEvents(SourceNode node, string what, ValueReader reader)
    {
        if (!reader.TryList(node, what, false, out var items))
        {
            return null;
        }

        var events = new List<EventExpectation>();
        foreach (var item in items)
        {
            if (MappingReader.Open(item, ScenarioSyntax.Event, reader.Diagnostics) is not { } map)
            {
                continue;
            }

            if (map.Get("name") is not { } nameNode)
            {
                if (!map.Misspells("name"))
                {
                    reader.Diagnostics.Error(item, $"an entry of '{what}' has no 'name'");
                }

                continue;
            }

            if (!reader.TryText(nameNode, $"{what}.name", out var name))
            {
                continue;
            }

            var fields = new Dictionary<string, EventFieldMatcher>(StringComparer.Ordinal);
            if (map.Get("fields") is { } fieldsNode)
            {
                if (fieldsNode is not SourceMapping fieldMap)
                {
                    if (fieldsNode is SourceError)
                    {
                        continue;
                    }

                    reader.Diagnostics.Error(fieldsNode, $"expected a mapping of field names to values for '{what}.fields', got {fieldsNode.Describe()}");
                    continue;
                }

                foreach (var (key, value) in fieldMap.Entries)
                {
                    if (ReadFieldMatcher(value, $"{what}.fields.{key.Value}", reader) is { } matcher)
                    {
                        fields[key.Value] = matcher;
                    }
                }
            }

            var where = new SourceLocation(reader.Diagnostics.File, item.Start.Line, item.Start.Column);
            events.Add(new EventExpectation(name, fields, where));
        }

        return events;
    }
}
