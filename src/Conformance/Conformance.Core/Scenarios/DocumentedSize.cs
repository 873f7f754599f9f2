namespace Conformance.Scenarios;

/// <summary>
/// The buffer length an IOCTL documents as valid. Scenarios deliberately break these rules; the profile
/// records them so reports and generators know what "valid" means for the IOCTL.
/// </summary>
/// <param name="Min">Smallest valid length.</param>
/// <param name="Max">Largest valid length, or null for no upper bound.</param>
/// <param name="AtLeastInputLength">The output must also be at least as long as the input ("out >= in").</param>
public sealed record DocumentedSize(uint Min, uint? Max, bool AtLeastInputLength)
{
    /// <summary>The status the driver answers a length below the minimum with (other buffer valid), when the profile says.</summary>
    public int? TooShortStatus { get; init; }

    /// <summary>The status the driver answers a length above the maximum with (other buffer valid), when the profile says.</summary>
    public int? TooLongStatus { get; init; }

    /// <summary>
    /// The status the driver answers a buffer it cannot use (no access, freed, a kernel address) of a valid length with,
    /// when the profile says: for METHOD_NEITHER the driver's own probe decides it.
    /// </summary>
    public int? BadPointerStatus { get; init; }

    /// <summary>Byte offsets of pointer-sized fields the driver dereferences (input only), for the generated pointer sweeps.</summary>
    public IReadOnlyList<uint> Pointers { get; init; } = [];

    /// <summary>Equal limits, statuses and pointer offsets (the offsets by value, not by list instance).</summary>
    public bool Equals(DocumentedSize? other) =>
        other is not null && Min == other.Min && Max == other.Max && AtLeastInputLength == other.AtLeastInputLength
        && TooShortStatus == other.TooShortStatus && TooLongStatus == other.TooLongStatus && BadPointerStatus == other.BadPointerStatus
        && Pointers.SequenceEqual(other.Pointers);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Min, Max, AtLeastInputLength, TooShortStatus, TooLongStatus, BadPointerStatus, Pointers.Count);

    /// <summary>Whether <paramref name="length"/> is valid, given the call's input length.</summary>
    public bool Allows(uint length, uint inputLength) =>
        length >= Min && (Max is null || length <= Max) && (!AtLeastInputLength || length >= inputLength);

    /// <inheritdoc/>
    public override string ToString()
    {
        var min = AtLeastInputLength ? $"max({Min}, input length)" : $"{Min}";
        return Max is null ? $">= {min}" : $"{min}..{Max}";
    }
}
