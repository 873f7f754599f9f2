using System.Globalization;
using Conformance.Scenarios;

namespace Conformance.Verdicts;

/// <summary>
/// A logged event field in the words of a driver header: a status by its STATUS_* name, a control code and a
/// pointer in hex, a length in decimal. Events carry no type beyond "32-bit integer" (an NTSTATUS is logged as
/// Int32 by some providers and UInt32 by others), so the field's name and the device profile decide:
/// "IoControlCode=2348883987, Status=-1073741789" reads as "IoControlCode=0x8C012013 (IOCTL_SAMPLE_NEITHER_TRANSFORM),
/// Status=STATUS_BUFFER_TOO_SMALL". Every report and finding text goes through here, so they all agree.
/// </summary>
public static class EventFieldText
{
    /// <summary>How a field's integer value is shown.</summary>
    public enum Kind
    {
        /// <summary>Decimal: lengths, counts, anything not known to be otherwise.</summary>
        Number,

        /// <summary>An NTSTATUS: its name when known, else 0x and 8 hex digits.</summary>
        Status,

        /// <summary>An IOCTL control code: 0x and 8 hex digits, plus the profile's IOCTL name when it has one.</summary>
        ControlCode,

        /// <summary>A 32-bit code or flag set: 0x and 8 hex digits.</summary>
        Hex32,

        /// <summary>A pointer: 0x and 16 hex digits, as debuggers print addresses.</summary>
        Address,
    }

    /// <summary>
    /// The kind of a field, from the profile first (its proofs name the fields that carry a status) and then from
    /// the conventions of driver event names.
    /// </summary>
    public static Kind KindOf(string field, DeviceProfile? device = null)
    {
        ArgumentNullException.ThrowIfNull(field);
        if (device is not null && (device.ValidationFailedProof?.Field == field || device.ExceptionHandledProof?.Field == field))
        {
            return Kind.Status;
        }

        if (field.EndsWith("ControlCode", StringComparison.Ordinal))
        {
            return Kind.ControlCode;
        }

        if (field.EndsWith("Status", StringComparison.Ordinal) || field is "ExceptionCode" or "NtStatus")
        {
            return Kind.Status;
        }

        if (field.EndsWith("Address", StringComparison.Ordinal) || field.EndsWith("Pointer", StringComparison.Ordinal)
            || field.EndsWith("Ptr", StringComparison.Ordinal) || field.EndsWith("Va", StringComparison.Ordinal))
        {
            return Kind.Address;
        }

        return field.EndsWith("Code", StringComparison.Ordinal) || field.EndsWith("Flags", StringComparison.Ordinal)
            || field.EndsWith("Mask", StringComparison.Ordinal) || field.EndsWith("Access", StringComparison.Ordinal)
            ? Kind.Hex32
            : Kind.Number;
    }

    /// <summary>One field's value as text; strings as logged.</summary>
    public static string Format(string field, object value, DeviceProfile? device = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is string text)
        {
            return text;
        }

        if (EventFieldMatcher.AsInteger(value) is not { } number)
        {
            return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
        }

        return KindOf(field, device) switch
        {
            Kind.Status when As32Bits(number) is { } bits => NtStatus.Format(unchecked((int)bits)),
            Kind.ControlCode when As32Bits(number) is { } bits => ControlCode(bits, device),
            Kind.Hex32 when As32Bits(number) is { } bits => Hex(bits, 8),
            Kind.Status or Kind.ControlCode or Kind.Hex32 or Kind.Address => Hex(unchecked((ulong)(long)number), 16),
            _ => number.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Every field of an event as "Name=value", in the order logged.</summary>
    public static string FormatAll(IReadOnlyDictionary<string, object> fields, DeviceProfile? device = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return string.Join(", ", fields.Select(f => $"{f.Key}={Format(f.Key, f.Value, device)}"));
    }

    /// <summary>A logged value as an NTSTATUS, whichever way the provider logged its 32 bits; null when it is not one.</summary>
    public static int? AsStatus(object value) =>
        EventFieldMatcher.AsInteger(value) is { } number && As32Bits(number) is { } bits ? unchecked((int)bits) : null;

    private static string ControlCode(uint code, DeviceProfile? device)
    {
        var hex = Hex(code, 8);
        return device?.FindIoctl(new ControlCode(code)) is { } ioctl ? $"{hex} ({ioctl.Name})" : hex;
    }

    private static string Hex(ulong value, int digits) =>
        "0x" + value.ToString("X" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>The 32 bits of a value logged as Int32 or UInt32 (or widened to 64 bits); null when it does not fit.</summary>
    private static uint? As32Bits(Int128 number) =>
        number >= int.MinValue && number <= uint.MaxValue ? unchecked((uint)(long)number) : null;
}
