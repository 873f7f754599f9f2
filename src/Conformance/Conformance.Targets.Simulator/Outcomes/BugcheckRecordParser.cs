using System.Globalization;
using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Outcomes;

/// <summary>A bugcheck record and the driver's events of the crashing case that followed it in the file.</summary>
/// <param name="Record">The record (not symbolized yet).</param>
/// <param name="Events">The case's trace events written before the crash, in ring order.</param>
internal sealed record BugcheckFileEntry(BugcheckRecord Record, IReadOnlyList<TraceEventRecord> Events);

/// <summary>
/// Reads what the native bugcheck path writes before the process dies: one line
/// <c>BUGCHECK code=0x50 p1=0x.. p2=0x.. p3=0x.. p4=0x.. address=0x.. pc=0x.. ioctl=0x.. module=&lt;file&gt; offset=0x..
/// [driver=&lt;file&gt;+0x..] via=pc|return|none reached=0x0|0x1 [poison=pool|stack] [return=overwritten] case=&lt;id&gt;</c>, then one <c>TRACE &lt;hex&gt;</c> line per
/// event the driver wrote during that case (the trace ring's record, <see cref="SimTraceFormat"/>).
/// The case id is last and runs to the end of the line, so it may contain spaces. Records of older hosts, without
/// the location fields, still parse.
/// </summary>
internal static class BugcheckRecordParser
{
    private const string Prefix = "BUGCHECK ";
    private const string TracePrefix = "TRACE ";
    private const string CaseKey = " case=";

    /// <summary>The last complete record in the file, or null when there is none (or the file is missing).</summary>
    public static BugcheckRecord? ReadLast(string path) => ReadLastWithEvents(path)?.Record;

    /// <summary>The last complete record in the file with the events that follow it, or null.</summary>
    public static BugcheckFileEntry? ReadLastWithEvents(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            return null;
        }

        BugcheckRecord? last = null;
        var events = new List<TraceEventRecord>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (TryParse(line.ToString(), out var record))
            {
                last = record;
                events.Clear();
            }
            else if (last is not null && line.StartsWith(TracePrefix, StringComparison.Ordinal) && TryDecodeEvent(line[TracePrefix.Length..], out var traced))
            {
                events.Add(traced);
            }
        }

        return last is null ? null : new BugcheckFileEntry(last, events);
    }

    public static bool TryParse(string line, out BugcheckRecord record)
    {
        record = null!;
        line = line.TrimEnd('\r', '\n', '\0');
        if (!line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int caseAt = line.IndexOf(CaseKey, StringComparison.Ordinal);
        if (caseAt < 0)
        {
            return false;
        }

        string caseId = line[(caseAt + CaseKey.Length)..];
        var fields = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var words = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string token in line[Prefix.Length..caseAt].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                return false;
            }

            string key = token[..equals];
            if (key is "module" or "via" or "driver" or "poison" or "return")
            {
                words[key] = token[(equals + 1)..];
            }
            else if (TryParseHex(token.AsSpan(equals + 1), out ulong value))
            {
                fields[key] = value;
            }
            else
            {
                return false;
            }
        }

        if (!fields.TryGetValue("code", out ulong code) || code > uint.MaxValue)
        {
            return false;
        }

        ulong Field(string name) => fields.GetValueOrDefault(name);
        record = new BugcheckRecord(
            (uint)code,
            [Field("p1"), Field("p2"), Field("p3"), Field("p4")],
            Field("address"),
            Field("pc"),
            (uint)Field("ioctl"),
            caseId,
            line)
        {
            Instruction = words.TryGetValue("module", out string? module) && fields.TryGetValue("offset", out ulong offset)
                ? new CodeLocation(module, offset)
                : null,
            DriverLocation = words.TryGetValue("driver", out string? driver) ? ParseLocation(driver, words.GetValueOrDefault("via") == "return") : null,
            ReachedDriver = fields.TryGetValue("reached", out ulong reached) ? reached != 0 : null,
            Poison = words.GetValueOrDefault("poison"),
            ReturnAddressOverwritten = words.GetValueOrDefault("return") == "overwritten",
        };
        return true;
    }

    // "libdriver.so+0x1234"
    private static CodeLocation? ParseLocation(string text, bool isReturnAddress)
    {
        int plus = text.LastIndexOf('+');
        return plus > 0 && TryParseHex(text.AsSpan(plus + 1), out ulong offset)
            ? new CodeLocation(text[..plus], offset) { IsReturnAddress = isReturnAddress }
            : null;
    }

    private static bool TryDecodeEvent(ReadOnlySpan<char> hex, out TraceEventRecord traced)
    {
        traced = null!;
        try
        {
            byte[] bytes = Convert.FromHexString(hex.Trim());
            if (!SimTraceFormat.TryReadRecord(bytes, out int size, out _) || size != bytes.Length)
            {
                return false;
            }

            traced = SimTraceFormat.Decode(bytes);
            return true;
        }
        catch (Exception error) when (error is FormatException or ProtocolException or ArgumentException)
        {
            // A line cut short by the dying process: the events before it stand.
            return false;
        }
    }

    private static bool TryParseHex(ReadOnlySpan<char> text, out ulong value)
    {
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            text = text[2..];
        }

        return ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
