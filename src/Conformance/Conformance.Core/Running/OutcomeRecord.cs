using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conformance.Targets;

namespace Conformance.Running;

/// <summary>
/// A call outcome as one line of JSON, so the journal holds everything needed to judge a fired case again
/// after the runner went down (<see cref="JournalHistory"/>). Event field values keep their type
/// (u32, i32, u64, i64, bool, f64, text): the judge compares numbers as the target reported them.
/// </summary>
public static partial class OutcomeRecord
{
    /// <summary>The outcome as one line of JSON (no line breaks inside).</summary>
    public static string ToLine(CallOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, outcome);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>
    /// Write the outcome as one JSON object (never indented, so never a line break) to <paramref name="json"/>,
    /// and flush it; the journal reuses one writer for a whole batch.
    /// </summary>
    public static void Write(Utf8JsonWriter json, CallOutcome outcome) => Write(json, outcome, null);

    /// <summary>
    /// As <see cref="Write(Utf8JsonWriter, CallOutcome)"/>; with the <paramref name="call"/> the outcome belongs to,
    /// each buffer is written as the runs of bytes the call changed instead of a copy (copies were the journal's
    /// largest part by far: a 4 KiB buffer is 5.5 KB of base64), read back with <see cref="Read"/>.
    /// </summary>
    public static void Write(Utf8JsonWriter json, CallOutcome outcome, IoctlCall? call)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(outcome);
        json.WriteStartObject();
        json.WriteString("case_id", outcome.CaseId);
        json.WriteString("end", outcome.End.ToString());
        json.WriteNumber("status", outcome.Status);
        json.WriteNumber("information", outcome.Information);
        if (outcome.ReachedDriver is { } reached)
        {
            json.WriteBoolean("reached_driver", reached);
        }

        if (!outcome.InformationObserved)
        {
            json.WriteBoolean("information_observed", false);
        }

        if (outcome.IrpCompleted is { } completed)
        {
            json.WriteBoolean("irp_completed", completed);
        }

        if (!outcome.EventsObserved)
        {
            json.WriteBoolean("events_observed", false);
        }

        if (outcome.PointerValues is { } pointers)
        {
            json.WriteStartArray("pointer_values");
            foreach (ulong value in pointers)
            {
                json.WriteNumberValue(value);
            }

            json.WriteEndArray();
        }

        WriteBuffer(json, "input", outcome.InputAfter, call?.Input);
        WriteBuffer(json, "output", outcome.OutputAfter, call?.Output);
        if (outcome.CanaryIntact is { } intact)
        {
            json.WriteBoolean("canary_intact", intact);
        }

        if (outcome.DeviceAlive is { } alive)
        {
            json.WriteBoolean("device_alive", alive);
        }

        if (outcome.LivenessStatus is { } liveness)
        {
            json.WriteNumber("liveness_status", liveness);
        }

        json.WriteNumber("elapsed_ticks", outcome.Elapsed.Ticks);
        if (outcome.TraceEventsLost != 0)
        {
            json.WriteNumber("trace_events_lost", outcome.TraceEventsLost);
        }

        if (outcome.Detail is { } detail)
        {
            json.WriteString("detail", detail);
        }

        WriteBugcheck(json, outcome.Bugcheck);
        WriteUserAccesses(json, outcome.UserAccesses);
        WriteFileOpens(json, outcome.FileOpens);
        json.WriteStartArray("events");
        foreach (var record in outcome.Events)
        {
            WriteEvent(json, record, outcome.CaseId);
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
    }

    /// <summary>Read a line written by <see cref="ToLine"/>; throws <see cref="FormatException"/> on anything else.</summary>
    public static CallOutcome FromLine(string line) => Read(line).Outcome;

    /// <summary>
    /// Read a journal line (one parse): the outcome, and the changes it journaled for its input and output buffers
    /// (null for a buffer journaled whole or not at all), which <see cref="ApplyChanges"/> turns back into bytes.
    /// Throws <see cref="FormatException"/> on anything else.
    /// </summary>
    public static JournaledOutcome Read(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            string caseId = root.GetProperty("case_id").GetString()!;
            var outcome = new CallOutcome
            {
                CaseId = caseId,
                End = Enum.Parse<CallEnd>(root.GetProperty("end").GetString()!),
                Status = root.GetProperty("status").GetInt32(),
                Information = root.GetProperty("information").GetUInt64(),
                ReachedDriver = root.TryGetProperty("reached_driver", out var reached) ? reached.GetBoolean() : null,
                InformationObserved = !root.TryGetProperty("information_observed", out var information) || information.GetBoolean(),
                IrpCompleted = root.TryGetProperty("irp_completed", out var completed) ? completed.GetBoolean() : null,
                EventsObserved = !root.TryGetProperty("events_observed", out var observed) || observed.GetBoolean(),
                PointerValues = root.TryGetProperty("pointer_values", out var pointers) ? [.. pointers.EnumerateArray().Select(p => p.GetUInt64())] : null,
                InputAfter = ReadBytes(root, "input_after"),
                OutputAfter = ReadBytes(root, "output_after"),
                CanaryIntact = root.TryGetProperty("canary_intact", out var intact) ? intact.GetBoolean() : null,
                DeviceAlive = root.TryGetProperty("device_alive", out var alive) ? alive.GetBoolean() : null,
                LivenessStatus = root.TryGetProperty("liveness_status", out var liveness) ? liveness.GetInt32() : null,
                Elapsed = TimeSpan.FromTicks(root.GetProperty("elapsed_ticks").GetInt64()),
                TraceEventsLost = root.TryGetProperty("trace_events_lost", out var lost) ? lost.GetUInt64() : 0,
                Detail = root.TryGetProperty("detail", out var detail) ? detail.GetString() : null,
                Bugcheck = root.TryGetProperty("bugcheck", out var bugcheck) ? ReadBugcheck(bugcheck) : null,
                UserAccesses = root.TryGetProperty("user_accesses", out var accesses) ? ReadUserAccesses(accesses) : null,
                FileOpens = ReadFileOpens(root),
                Events = [.. root.GetProperty("events").EnumerateArray().Select(e => ReadEvent(e, caseId))],
            };
            return new JournaledOutcome(outcome, ReadChanges(root, "input_changes"), ReadChanges(root, "output_changes"));
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException or ArgumentException or FormatException)
        {
            throw new FormatException($"not an outcome record: {error.Message}", error);
        }
    }

    /// <summary>The buffer after the call: <paramref name="before"/>'s initial bytes with <paramref name="changes"/> applied.</summary>
    public static byte[] ApplyChanges(BufferSpec before, IReadOnlyList<BufferChange> changes)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(changes);
        var bytes = before.InitialBytes();
        foreach (var change in changes)
        {
            change.Bytes.CopyTo(bytes.AsSpan(change.Offset));
        }

        return bytes;
    }

    private static IReadOnlyList<BufferChange>? ReadChanges(JsonElement root, string name) =>
        root.TryGetProperty(name, out var changes)
            ? [.. changes.EnumerateArray().Select(c => new BufferChange(c[0].GetInt32(), c[1].GetBytesFromBase64()))]
            : null;

    /// <summary>
    /// A buffer after the call: with the initial bytes known, only the runs that differ from them (a buffer the
    /// call did not change is an empty list); else the whole copy.
    /// </summary>
    private static void WriteBuffer(Utf8JsonWriter json, string name, byte[]? after, BufferSpec? before)
    {
        if (after is null || before is null || after.Length != before.Size)
        {
            WriteBytes(json, name + "_after", after);
            return;
        }

        var initial = before.InitialBytes();
        json.WriteStartArray(name + "_changes");
        for (int i = 0; i < after.Length; i++)
        {
            if (after[i] == initial[i])
            {
                continue;
            }

            int start = i;
            while (i < after.Length && after[i] != initial[i])
            {
                i++;
            }

            json.WriteStartArray();
            json.WriteNumberValue(start);
            json.WriteBase64StringValue(after.AsSpan(start, i - start));
            json.WriteEndArray();
        }

        json.WriteEndArray();
    }

    private static void WriteBytes(Utf8JsonWriter json, string name, byte[]? bytes)
    {
        if (bytes is not null)
        {
            json.WriteBase64String(name, bytes);
        }
    }

    private static byte[]? ReadBytes(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.GetBytesFromBase64() : null;

    private static void WriteBugcheck(Utf8JsonWriter json, BugcheckRecord? bugcheck)
    {
        if (bugcheck is null)
        {
            return;
        }

        json.WriteStartObject("bugcheck");
        json.WriteNumber("code", bugcheck.Code);
        json.WriteStartArray("parameters");
        foreach (ulong parameter in bugcheck.Parameters)
        {
            json.WriteNumberValue(parameter);
        }

        json.WriteEndArray();
        json.WriteNumber("fault_address", bugcheck.FaultAddress);
        json.WriteNumber("instruction_address", bugcheck.InstructionAddress);
        json.WriteNumber("io_control_code", bugcheck.IoControlCode);
        json.WriteString("case_id", bugcheck.CaseId);
        json.WriteString("raw_text", bugcheck.RawText);
        WriteLocation(json, "instruction", bugcheck.Instruction);
        WriteLocation(json, "driver_location", bugcheck.DriverLocation);
        if (bugcheck.ReachedDriver is { } reached)
        {
            json.WriteBoolean("reached_driver", reached);
        }

        if (bugcheck.Poison is { } poison)
        {
            json.WriteString("poison", poison);
        }

        if (bugcheck.ReturnAddressOverwritten)
        {
            json.WriteBoolean("return_address_overwritten", true);
        }

        json.WriteEndObject();
    }

    // Journals written before these fields existed have none of them: each is optional when read.
    private static BugcheckRecord ReadBugcheck(JsonElement bugcheck) => new(
        bugcheck.GetProperty("code").GetUInt32(),
        [.. bugcheck.GetProperty("parameters").EnumerateArray().Select(p => p.GetUInt64())],
        bugcheck.GetProperty("fault_address").GetUInt64(),
        bugcheck.GetProperty("instruction_address").GetUInt64(),
        bugcheck.GetProperty("io_control_code").GetUInt32(),
        bugcheck.GetProperty("case_id").GetString()!,
        bugcheck.GetProperty("raw_text").GetString()!)
    {
        Instruction = ReadLocation(bugcheck, "instruction"),
        DriverLocation = ReadLocation(bugcheck, "driver_location"),
        ReachedDriver = bugcheck.TryGetProperty("reached_driver", out var reached) ? reached.GetBoolean() : null,
        Poison = bugcheck.TryGetProperty("poison", out var poison) ? poison.GetString() : null,
        ReturnAddressOverwritten = bugcheck.TryGetProperty("return_address_overwritten", out var overwritten) && overwritten.GetBoolean(),
    };

    private static void WriteLocation(Utf8JsonWriter json, string? name, CodeLocation? location)
    {
        if (location is null)
        {
            return;
        }

        if (name is null)
        {
            json.WriteStartObject();
        }
        else
        {
            json.WriteStartObject(name);
        }

        json.WriteString("module", location.Module);
        json.WriteNumber("offset", location.Offset);
        if (location.IsReturnAddress)
        {
            json.WriteBoolean("return_address", true);
        }

        if (location.Function is { } function)
        {
            json.WriteString("function", function);
        }

        if (location.File is { } file)
        {
            json.WriteString("file", file);
        }

        if (location.Line is { } line)
        {
            json.WriteNumber("line", line);
        }

        json.WriteEndObject();
    }

    private static CodeLocation? ReadLocation(JsonElement bugcheck, string name) =>
        bugcheck.TryGetProperty(name, out var location) ? ReadLocation(location) : null;

    private static CodeLocation ReadLocation(JsonElement location) =>
        new(location.GetProperty("module").GetString()!, location.GetProperty("offset").GetUInt64())
        {
            IsReturnAddress = location.TryGetProperty("return_address", out var isReturn) && isReturn.GetBoolean(),
            Function = location.TryGetProperty("function", out var function) ? function.GetString() : null,
            File = location.TryGetProperty("file", out var file) ? file.GetString() : null,
            Line = location.TryGetProperty("line", out var line) ? line.GetInt32() : null,
        };

    private static void WriteEvent(Utf8JsonWriter json, TraceEventRecord record, string outcomeCaseId)
    {
        json.WriteStartObject();
        json.WriteString("provider", record.Provider);
        json.WriteString("name", record.Name);
        json.WriteNumber("seq", record.Sequence);
        if (record.CaseId != outcomeCaseId)
        {
            json.WriteString("case_id", record.CaseId); // only where it differs: the outcome's own id otherwise
        }

        json.WriteStartObject("fields");
        foreach (var (name, value) in record.Fields)
        {
            // [type, value]: JSON numbers alone would turn every u32 into whatever the reader guesses.
            json.WriteStartArray(name);
            switch (value)
            {
                case uint u: json.WriteStringValue("u32"); json.WriteNumberValue(u); break;
                case int i: json.WriteStringValue("i32"); json.WriteNumberValue(i); break;
                case ulong ul: json.WriteStringValue("u64"); json.WriteNumberValue(ul); break;
                case long l: json.WriteStringValue("i64"); json.WriteNumberValue(l); break;
                case bool b: json.WriteStringValue("bool"); json.WriteBooleanValue(b); break;
                case double d: json.WriteStringValue("f64"); json.WriteNumberValue(d); break;
                default: json.WriteStringValue("text"); json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static TraceEventRecord ReadEvent(JsonElement record, string outcomeCaseId)
    {
        var fields = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var field in record.GetProperty("fields").EnumerateObject())
        {
            var value = field.Value[1];
            fields[field.Name] = field.Value[0].GetString() switch
            {
                "u32" => value.GetUInt32(),
                "i32" => value.GetInt32(),
                "u64" => value.GetUInt64(),
                "i64" => value.GetInt64(),
                "bool" => value.GetBoolean(),
                "f64" => value.GetDouble(),
                "text" => value.GetString()!,
                var other => throw new FormatException($"event field '{field.Name}' has unknown type '{other}'"),
            };
        }

        return new TraceEventRecord(
            record.GetProperty("provider").GetString()!,
            record.GetProperty("name").GetString()!,
            record.GetProperty("seq").GetUInt64(),
            record.TryGetProperty("case_id", out var caseId) ? caseId.GetString()! : outcomeCaseId,
            fields);
    }
}
