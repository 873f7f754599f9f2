using System.Globalization;

namespace Conformance.Scenarios;

/// <summary>A constraint on one field of an expected event: equality, a range, or any of several.</summary>
public abstract record EventFieldMatcher
{
    /// <summary>Whether the logged value satisfies the constraint.</summary>
    public abstract bool Matches(object actual);

    /// <summary>The constraint as a scenario writes it.</summary>
    public abstract string Describe();

    /// <inheritdoc/>
    public override string ToString() => Describe();

    /// <summary>A logged integer as a signed 128-bit value (fields are UInt32, Int32, UInt64 or Int64).</summary>
    internal static Int128? AsInteger(object actual) => actual switch
    {
        byte b => b,
        ushort us => us,
        uint u => u,
        ulong ul => ul,
        sbyte sb => sb,
        short s => s,
        int i => i,
        long l => l,
        _ => null,
    };

    /// <summary>
    /// The other reading of a 32-bit value: an NTSTATUS is logged as Int32 by some providers and as UInt32
    /// by others, so -1073741819 and 3221225477 (0xC0000005) are the same field value. Null outside 32 bits.
    /// </summary>
    protected static Int128? Other32BitReading(Int128 number) =>
        number >= int.MinValue && number < 0 ? unchecked((uint)(int)number)
        : number > int.MaxValue && number <= uint.MaxValue ? unchecked((int)(uint)number)
        : null;
}

/// <summary>The field equals a value: a number (decimal or 0x hex), an NTSTATUS name, or text.</summary>
public sealed record FieldEquals(string Value) : EventFieldMatcher
{
    /// <inheritdoc/>
    public override bool Matches(object actual)
    {
        if (actual is string text)
        {
            return string.Equals(Value, text, StringComparison.Ordinal);
        }

        if (AsInteger(actual) is not { } number)
        {
            return false;
        }

        // An NTSTATUS logged as Int32 (negative) or as a hex UInt32 matches the same name or value.
        if (NtStatus.TryGetValue(Value, out int status))
        {
            return number == status || number == unchecked((uint)status);
        }

        if (Value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && ulong.TryParse(Value.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out ulong hex))
        {
            return number == hex || (hex <= uint.MaxValue && number == unchecked((int)(uint)hex));
        }

        return long.TryParse(Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long value)
            && (number == value || Other32BitReading(number) == value);
    }

    /// <inheritdoc/>
    public override string Describe() => Value;
}

/// <summary>The field is an integer within [Min, Max].</summary>
public sealed record FieldInRange(ulong Min, ulong Max) : EventFieldMatcher
{
    /// <inheritdoc/>
    public override bool Matches(object actual) =>
        AsInteger(actual) is { } number && (InRange(number) || (Other32BitReading(number) is { } other && InRange(other)));

    private bool InRange(Int128 number) => number >= Min && number <= Max;

    /// <inheritdoc/>
    public override string Describe() => $"{Min}..{Max}";
}

/// <summary>The field matches any of the options.</summary>
public sealed record FieldAnyOf(IReadOnlyList<EventFieldMatcher> Options) : EventFieldMatcher
{
    /// <inheritdoc/>
    public override bool Matches(object actual) => Options.Any(o => o.Matches(actual));

    /// <inheritdoc/>
    public override string Describe() => $"any_of [{string.Join(", ", Options.Select(o => o.Describe()))}]";
}
