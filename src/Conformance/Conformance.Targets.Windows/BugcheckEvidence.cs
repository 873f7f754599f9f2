using System.Globalization;
using System.Text.RegularExpressions;

namespace Conformance.Targets.Windows;

/// <summary>
/// The bugcheck a Windows machine recorded about its previous boot, read after it came back:
/// Kernel-Power event 41 ("the system has rebooted without cleanly shutting down first"), whose EventData holds
/// BugcheckCode (decimal) and BugcheckParameter1..4 (hex) when the machine stopped on a bugcheck (0 for a power
/// loss or a hard hang), and BugCheck event 1001 (Microsoft-Windows-WER-SystemErrorReporting), written once
/// the dump is saved, whose param1 is "0x000000cd (0x..., 0x..., 0x..., 0x...)" and param2 the dump file.
/// Sources: learn.microsoft.com troubleshoot/windows-client/performance/event-id-41-restart (Kernel-Power 41 and
/// its BugcheckCode); debugger/bug-check-code-reference2 (parameters). Exported examples of both events were
/// checked by hand against public copies; the parsing has not yet run against a real machine's log.
/// </summary>
public static partial class BugcheckEvidence
{
    /// <summary>Provider of event 41.</summary>
    public const string KernelPowerProvider = "Microsoft-Windows-Kernel-Power";

    /// <summary>Provider of event 1001 (BugCheck); its event source name "BugCheck" is accepted as the provider too.</summary>
    public const string BugcheckReportProvider = "Microsoft-Windows-WER-SystemErrorReporting";

    /// <summary>
    /// The first bugcheck recorded at or after <paramref name="notBefore"/> (the last time the run's journal was
    /// written before the machine went down), as a bugcheck record of <paramref name="caseId"/>; null when the
    /// log has none (a power loss, a hang reset without a dump, or the runner only being killed).
    /// </summary>
    public static BugcheckRecord? Find(IReadOnlyList<SystemLogEvent> events, DateTimeOffset notBefore, string caseId, uint ioControlCode)
    {
        ArgumentNullException.ThrowIfNull(events);
        var kernelPower = events
            .Where(e => e.Provider == KernelPowerProvider && e.EventId == 41 && e.TimeCreated >= notBefore)
            .OrderBy(e => e.TimeCreated)
            .FirstOrDefault(e => Number(e.Data.GetValueOrDefault("BugcheckCode")) is > 0);
        var report = events
            .Where(e => e.Provider is BugcheckReportProvider or "BugCheck" && e.EventId == 1001 && e.TimeCreated >= notBefore)
            .OrderBy(e => e.TimeCreated)
            .FirstOrDefault();
        if (kernelPower is null && report is null)
        {
            return null;
        }

        uint code;
        ulong[] parameters;
        if (kernelPower is not null)
        {
            code = (uint)Number(kernelPower.Data["BugcheckCode"])!.Value;
            parameters = [.. Enumerable.Range(1, 4).Select(i => Number(kernelPower.Data.GetValueOrDefault($"BugcheckParameter{i}")) ?? 0)];
        }
        else if (ParseReportText(report!.Data.GetValueOrDefault("param1")) is { } fromReport)
        {
            (code, parameters) = fromReport;
        }
        else
        {
            return null;
        }

        string dump = report?.Data.GetValueOrDefault("param2") is { Length: > 0 } path ? $"; dump: {path}" : "; no BugCheck 1001 event (no dump saved yet, or dumps are off)";
        string source = kernelPower is not null ? $"Kernel-Power 41 at {kernelPower.TimeCreated:O}" : $"BugCheck 1001 at {report!.TimeCreated:O}";
        string raw = string.Create(CultureInfo.InvariantCulture,
            $"bugcheck 0x{code:X} ({string.Join(", ", parameters.Select(p => $"0x{p:X}"))}) from the System log: {source}{dump}");
        // Windows does not log the faulting address as such; parameter 1 is the referenced address for the
        // page-fault bugchecks (0x50, 0xCC, 0xCD, 0xD1...), which is what the report shows as the address.
        return new BugcheckRecord(code, parameters, parameters[0], 0, ioControlCode, caseId, raw);
    }

    /// <summary>"0x000000cd (0xffff..., 0x0, 0x..., 0x2)" → code and four parameters.</summary>
    public static (uint Code, ulong[] Parameters)? ParseReportText(string? text)
    {
        if (text is null || ReportText().Match(text) is not { Success: true } match)
        {
            return null;
        }

        ulong[] parameters = [.. match.Groups["p"].Captures.Select(c => ulong.Parse(c.Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))];
        return parameters.Length == 4
            ? (uint.Parse(match.Groups["code"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), parameters)
            : null;
    }

    /// <summary>A decimal or 0x-hex number of an EventData value; null when absent or unreadable.</summary>
    private static ulong? Number(string? text)
    {
        if (text is null)
        {
            return null;
        }

        text = text.Trim();
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? ulong.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong hex) ? hex : null
            : ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong value) ? value : null;
    }

    [GeneratedRegex(@"^\s*0x(?<code>[0-9a-fA-F]+)\s*\((?:\s*0x(?<p>[0-9a-fA-F]+)\s*,?)+\)")]
    private static partial Regex ReportText();
}
