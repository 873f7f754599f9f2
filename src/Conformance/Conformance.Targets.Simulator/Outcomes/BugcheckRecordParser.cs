using System.Globalization;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Outcomes;

/// <summary>
/// Reads the one-line record the native bugcheck path writes before the process dies:
/// <c>BUGCHECK code=0x50 p1=0x.. p2=0x.. p3=0x.. p4=0x.. address=0x.. pc=0x.. ioctl=0x.. case=&lt;id&gt;</c>.
/// The case id is last and runs to the end of the line, so it may contain spaces.
/// </summary>
internal static class BugcheckRecordParser
{
    private const string Prefix = "BUGCHECK ";
    private const string CaseKey = " case=";

    /// <summary>The last complete record in the file, or null when there is none (or the file is missing).</summary>
    public static BugcheckRecord? ReadLast(string path)
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
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (TryParse(line.ToString(), out var record))
            {
                last = record;
            }
        }

        return last;
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
        foreach (string token in line[Prefix.Length..caseAt].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !TryParseHex(token.AsSpan(equals + 1), out ulong value))
            {
                return false;
            }

            fields[token[..equals]] = value;
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
            line);
        return true;
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
