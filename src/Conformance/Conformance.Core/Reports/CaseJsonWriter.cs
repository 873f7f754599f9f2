using System.Globalization;
using System.Text.Json;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>One element of results.json's "cases" array (docs/results-schema.md).</summary>
internal static class CaseJsonWriter
{
    public static void Write(Utf8JsonWriter json, CaseResult result)
    {
        var scenarioCase = result.Case;
        var call = scenarioCase.Call;
        var outcome = result.Outcome;
        var provenance = scenarioCase.Provenance;

        json.WriteStartObject();
        json.WriteString("id", result.Id);

        json.WriteStartObject("scenario");
        json.WriteString("id", provenance.ScenarioId);
        json.WriteString("file", provenance.Scenario.File);
        json.WriteNumber("line", provenance.Scenario.Line);
        json.WriteNumber("column", provenance.Scenario.Column);
        json.WriteStartObject("axes");
        foreach (var axis in provenance.Axes)
        {
            json.WriteString(axis.Path, axis.Value);
        }

        json.WriteEndObject();
        json.WriteNumber("repetition", provenance.Repetition);
        json.WriteEndObject();

        json.WriteString("device", scenarioCase.Device.Name);
        json.WriteString("ioctl", scenarioCase.Ioctl.Name);
        json.WriteString("io_control_code", ReportNames.Hex32(call.IoControlCode));
        json.WriteNumber("granted_access", call.GrantedAccess);
        json.WriteString("verdict", ReportNames.Verdict(result.Verdict));
        WriteStringOrNull(json, "end", outcome is null ? null : ReportNames.End(outcome.End));
        WriteStringOrNull(json, "status", ReportNames.Status(outcome));
        if (outcome is { End: CallEnd.Completed })
        {
            json.WriteNumber("status_value", outcome.Status);
            if (outcome.InformationObserved)
            {
                json.WriteNumber("information", outcome.Information);
            }
            else
            {
                json.WriteNull("information");
            }
        }
        else
        {
            json.WriteNull("status_value");
            json.WriteNull("information");
        }

        WriteStringOrNull(json, "expected", ReportNames.ExpectedStatus(result));
        WriteStringOrNull(json, "expected_information", ReportNames.ExpectedInformation(result));
        if (outcome is null)
        {
            json.WriteNull("elapsed_ms");
            json.WriteNull("reached_driver");
            json.WriteNull("device_alive");
            json.WriteNull("canary_intact");
        }
        else
        {
            json.WriteNumber("elapsed_ms", ReportNames.Milliseconds(outcome.Elapsed));
            if (outcome.ReachedDriver is { } reached)
            {
                json.WriteBoolean("reached_driver", reached);
            }
            else
            {
                json.WriteNull("reached_driver");
            }

            if (outcome.DeviceAlive is { } alive)
            {
                json.WriteBoolean("device_alive", alive);
            }
            else
            {
                json.WriteNull("device_alive");
            }

            if (outcome.CanaryIntact is { } intact)
            {
                json.WriteBoolean("canary_intact", intact);
            }
            else
            {
                json.WriteNull("canary_intact");
            }
        }

        json.WriteStartObject("inputs");
        var values = outcome?.PointerValues is { } written && written.Count == CallPointers.Count(call) ? written : null;
        WriteBuffer(json, "input", call.Input, values, 0);
        WriteBuffer(json, "output", call.Output, values, call.Input.Pointers.Count);
        WriteRacer(json, call.Racer);
        json.WriteEndObject();

        json.WriteStartArray("findings");
        foreach (var finding in result.Findings)
        {
            json.WriteStartObject();
            json.WriteString("category", finding.Category.ToReportName());
            json.WriteString("message", finding.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteBugcheck(json, outcome?.Bugcheck);
        WriteEvents(json, outcome?.Events ?? [], scenarioCase.Device.EventProvider);
        json.WriteStartArray("not_judged");
        foreach (string reason in result.NotJudged)
        {
            json.WriteStringValue(reason);
        }

        json.WriteEndArray();
        WriteStringOrNull(json, "detail", outcome?.Detail);
        WriteStringOrNull(json, "note", result.Note);
        json.WriteEndObject();
    }

    private static void WriteBuffer(Utf8JsonWriter json, string name, BufferSpec buffer, IReadOnlyList<ulong>? values, int first)
    {
        json.WriteStartObject(name);
        json.WriteString("state", ReportNames.State(buffer.State));
        json.WriteNumber("size", buffer.Size);
        json.WriteNumber("offset", buffer.Offset);
        json.WriteNumber("declared_length", buffer.DeclaredLength);
        json.WriteNumber("fill_byte", buffer.FillByte);
        json.WriteNumber("content_length", buffer.Content.Length);
        if (buffer.Pointers.Count > 0)
        {
            // Only buffers that carry pointers have the key: a catalog without them keeps its size.
            json.WriteStartArray("pointers");
            for (int i = 0; i < buffer.Pointers.Count; i++)
            {
                var pointer = buffer.Pointers[i];
                json.WriteStartObject();
                json.WriteNumber("offset", pointer.Offset);
                json.WriteString("to", pointer.Aim);
                json.WriteNumber("size", pointer.Width);
                WriteStringOrNull(json, "value", values is null ? null : ReportNames.Hex64(values[first + i]));
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteRacer(Utf8JsonWriter json, RacerSpec racer)
    {
        if (racer.Kind == RacerKind.None)
        {
            json.WriteNull("racer");
            return;
        }

        json.WriteStartObject("racer");
        json.WriteString("kind", ReportNames.Racer(racer.Kind));
        json.WriteString("target", ReportNames.Racer(racer.Target));
        json.WriteNumber("byte_offset", racer.ByteOffset);
        json.WriteNumber("length", racer.Length);
        json.WriteNumber("period_ns", racer.PeriodNs);
        json.WriteEndObject();
    }

    private static void WriteBugcheck(Utf8JsonWriter json, BugcheckRecord? bugcheck)
    {
        if (bugcheck is null)
        {
            json.WriteNull("bugcheck");
            return;
        }

        json.WriteStartObject("bugcheck");
        json.WriteString("code", ReportNames.BugcheckCode(bugcheck.Code));
        json.WriteString("name", bugcheck.Name);
        // Hex strings, not numbers: 64-bit kernel addresses lose precision in JavaScript-style parsers.
        json.WriteStartArray("parameters");
        foreach (var parameter in bugcheck.Parameters)
        {
            json.WriteStringValue(ReportNames.Hex64(parameter));
        }

        json.WriteEndArray();
        json.WriteString("address", ReportNames.Hex64(bugcheck.FaultAddress));
        json.WriteString("instruction_address", ReportNames.Hex64(bugcheck.InstructionAddress));
        json.WriteString("raw_text", bugcheck.RawText);
        WriteStringOrNull(json, "poison", bugcheck.Poison);
        json.WriteBoolean("return_address_overwritten", bugcheck.ReturnAddressOverwritten);
        WriteLocation(json, "instruction", bugcheck.Instruction);
        WriteLocation(json, "driver_location", bugcheck.DriverLocation);
        json.WriteEndObject();
    }

    private static void WriteLocation(Utf8JsonWriter json, string name, CodeLocation? location)
    {
        if (location is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("module", location.Module);
        json.WriteString("offset", string.Create(CultureInfo.InvariantCulture, $"0x{location.Offset:X}"));
        json.WriteBoolean("return_address", location.IsReturnAddress);
        WriteStringOrNull(json, "function", location.Function);
        WriteStringOrNull(json, "file", location.File);
        if (location.Line is { } line)
        {
            json.WriteNumber("line", line);
        }
        else
        {
            json.WriteNull("line");
        }

        json.WriteString("text", location.ToString());
        json.WriteEndObject();
    }

    private static void WriteEvents(Utf8JsonWriter json, IReadOnlyList<TraceEventRecord> events, string? deviceProvider)
    {
        json.WriteStartArray("events");
        foreach (var record in events)
        {
            json.WriteStartObject();
            json.WriteString("name", record.Name);
            if (record.Provider != deviceProvider)
            {
                // Only where it is not the device's own provider (the run's "devices" map names that once).
                json.WriteString("provider", record.Provider);
            }

            json.WriteNumber("seq", record.Sequence);
            json.WriteStartObject("fields");
            // Sorted so equal events serialise equally whatever dictionary the target built.
            foreach (var (field, value) in record.Fields.OrderBy(f => f.Key, StringComparer.Ordinal))
            {
                WriteField(json, field, value);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void WriteField(Utf8JsonWriter json, string name, object value)
    {
        switch (value)
        {
            case uint u: json.WriteNumber(name, u); break;
            case int i: json.WriteNumber(name, i); break;
            case ulong ul: json.WriteNumber(name, ul); break;
            case long l: json.WriteNumber(name, l); break;
            default: json.WriteString(name, ReportNames.FieldText(value)); break;
        }
    }

    internal static void WriteStringOrNull(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
