using System.Globalization;
using System.Text;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// How every report spells values, so results.json, JUnit, SARIF and HTML agree on one vocabulary
/// (the scenario language's snake_case names and the hex forms driver headers use).
/// </summary>
public static class ReportNames
{
    /// <summary>pass, fail, error or blocked.</summary>
    public static string Verdict(CaseVerdict verdict) => SnakeCase(verdict.ToString());

    /// <summary>A buffer state as scenarios write it, e.g. no_access, guard_tail.</summary>
    public static string State(BufferMemoryState state) => SnakeCase(state.ToString());

    /// <summary>How a call ended: completed, bugcheck, hang, host_lost or machine_lost.</summary>
    public static string End(CallEnd end) => SnakeCase(end.ToString());

    /// <summary>A racer kind or target as scenarios write it, e.g. flip_bytes.</summary>
    public static string Racer<TEnum>(TEnum value)
        where TEnum : struct, Enum => SnakeCase(value.ToString());

    /// <summary>A 32-bit value as driver headers print it: 0x8C012000.</summary>
    public static string Hex32(uint value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:X8}");

    /// <summary>A 64-bit value (address, bugcheck parameter) in hex, as debuggers print it.</summary>
    public static string Hex64(ulong value) => string.Create(CultureInfo.InvariantCulture, $"0x{value:X16}");

    /// <summary>A bugcheck code the way !analyze names it: 0x50.</summary>
    public static string BugcheckCode(uint code) => string.Create(CultureInfo.InvariantCulture, $"0x{code:X}");

    /// <summary>
    /// The returned status, or null when the call did not complete (not fired, crashed, hung): then
    /// IoStatus holds nothing the driver returned and printing STATUS_SUCCESS would mislead.
    /// </summary>
    public static string? Status(CallOutcome? outcome) =>
        outcome is { End: CallEnd.Completed } ? NtStatus.Format(outcome.Status) : null;

    /// <summary>The expected status as the scenario wrote it, or null when any status is accepted.</summary>
    public static string? ExpectedStatus(CaseResult result) => result.Case.Expect.Status?.Describe();

    /// <summary>The accepted Information, e.g. 4 or 0..16, or null when any value is accepted.</summary>
    public static string? ExpectedInformation(CaseResult result) => result.Case.Expect.Information?.ToString();

    /// <summary>Seconds with millisecond precision, invariant: what JUnit time attributes hold.</summary>
    public static string Seconds(TimeSpan elapsed) =>
        (elapsed.Ticks / (double)TimeSpan.TicksPerSecond).ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>Milliseconds rounded to microseconds, so equal runs print equal numbers.</summary>
    public static double Milliseconds(TimeSpan elapsed) => Math.Round(elapsed.TotalMilliseconds, 3);

    /// <summary>A timestamp in UTC, ISO 8601 with milliseconds.</summary>
    public static string Timestamp(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>An event field value as text (numbers invariant, strings as logged).</summary>
    public static string FieldText(object value) => value switch
    {
        string text => text,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>"1 case", "3 cases": a count with its noun.</summary>
    internal static string Plural(int count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? "" : "s")}");

    /// <summary>PascalCase to snake_case: ReadWrite -> read_write.</summary>
    private static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
