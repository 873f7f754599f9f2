using System.Text.Json;
using Conformance.Targets;

namespace Conformance.Running;

/// <summary>
/// The access trace in a journal line: "user_accesses": { "input", "output", "dropped", "code": [location, ...],
/// "touches": [[address, size, kind, code index or -1], ...] }. A driver has few touch sites, so each location is
/// written once per line and touches point at it.
/// </summary>
public static partial class OutcomeRecord
{
    private static void WriteUserAccesses(Utf8JsonWriter json, UserAccessTrace? trace)
    {
        if (trace is null)
        {
            return;
        }

        json.WriteStartObject("user_accesses");
        json.WriteNumber("input", trace.InputAddress);
        json.WriteNumber("output", trace.OutputAddress);
        if (trace.Dropped != 0)
        {
            json.WriteNumber("dropped", trace.Dropped);
        }

        var code = trace.Accesses.Select(a => a.Code).OfType<CodeLocation>().Distinct().ToList();
        json.WriteStartArray("code");
        foreach (var location in code)
        {
            WriteLocation(json, null, location);
        }

        json.WriteEndArray();
        json.WriteStartArray("touches");
        foreach (var access in trace.Accesses)
        {
            json.WriteStartArray();
            json.WriteNumberValue(access.Address);
            json.WriteNumberValue(access.Size);
            json.WriteNumberValue((int)access.Kind);
            json.WriteNumberValue(access.Code is null ? -1 : code.IndexOf(access.Code));
            json.WriteEndArray();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static UserAccessTrace ReadUserAccesses(JsonElement trace)
    {
        var code = trace.GetProperty("code").EnumerateArray().Select(ReadLocation).ToList();
        var touches = trace.GetProperty("touches").EnumerateArray().Select(t => new UserAccess(
            t[0].GetUInt64(),
            t[1].GetUInt32(),
            (UserAccessKind)t[2].GetInt32(),
            t[3].GetInt32() is >= 0 and var index ? code[index] : null)).ToList();
        return new UserAccessTrace(touches, trace.TryGetProperty("dropped", out var dropped) ? dropped.GetUInt64() : 0)
        {
            InputAddress = trace.GetProperty("input").GetUInt64(),
            OutputAddress = trace.GetProperty("output").GetUInt64(),
        };
    }
}
