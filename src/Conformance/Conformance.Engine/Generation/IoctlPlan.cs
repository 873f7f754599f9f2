using Conformance.Scenarios;

namespace Conformance.Engine.Generation;

/// <summary>
/// The lengths and rules one IOCTL's generated scenarios are built from: a valid base length per buffer (16 bytes
/// inside the documented limits, 0 for a buffer the profile does not document), the length classes around the limits,
/// and which buffer states fail a call before (I/O manager) or inside (the profile's bad_pointer) the driver.
/// </summary>
internal sealed record IoctlPlan(DeviceProfile Device, IoctlDefinition Ioctl)
{
    public const uint TypicalLength = 16;

    public static readonly string[] InputHostile = ["no_access", "decommitted", "kernel"];
    public static readonly string[] OutputHostile = ["read_only", "no_access", "decommitted", "kernel"];
    public static readonly string[] States = ["read_write", "read_only", "no_access", "decommitted", "guard_tail", "kernel"];

    private const int StatusAccessViolation = unchecked((int)0xC0000005);

    public DocumentedSize? Input => Ioctl.Input;

    public DocumentedSize? Output => Ioctl.Output;

    public TransferMethod Method => Ioctl.Method;

    /// <summary>The input's pointer fields (profile <c>input.pointers</c>).</summary>
    public IReadOnlyList<uint> PointerFields => Input?.Pointers ?? [];

    /// <summary>A valid input length: 16 (or past the last pointer field) inside the limits, 0 when the profile does not document the input.</summary>
    public uint BaseInput => Input is { } size ? Clamp(Math.Max(TypicalLength, PointerFields.Count > 0 ? PointerFields.Max() + 8 : 0), size.Min, size.Max) : 0;

    /// <summary>
    /// The input content of every family but the content sweep: the ULONG 1 repeated (small counts and sizes get past
    /// most header checks); each pointer field aimed at the case's output buffer, a valid user buffer, or, where the
    /// input may be too short to hold them (<paramref name="aim"/> false), NULL: a pattern with zeros at the pointer
    /// fields, never a wild address made of the ULONG 1s.
    /// </summary>
    public string Content(bool aim = true)
    {
        if (PointerFields.Count == 0)
        {
            return "content: { pattern: \"01 00 00 00\" }";
        }

        if (aim)
        {
            return $"content: {{ pattern: \"01 00 00 00\", {PointersText} }}";
        }

        var pattern = new byte[(PointerFields.Max() + 8 + 3) & ~3u];
        for (int i = 0; i < pattern.Length; i += 4)
        {
            pattern[i] = 1;
        }

        foreach (var offset in PointerFields)
        {
            Array.Clear(pattern, (int)offset, 8);
        }

        return $"content: {{ pattern: \"{string.Join(" ", pattern.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)))}\" }}";
    }

    /// <summary>The pointers entry aiming every pointer field at the output, or empty without pointer fields.</summary>
    public string PointersText => PointerFields.Count == 0
        ? string.Empty
        : $"pointers: [{string.Join(", ", PointerFields.Select(o => $"{{ offset: {o}, to: output }}"))}]";

    /// <summary>A valid output length for <see cref="BaseInput"/>.</summary>
    public uint BaseOutput => OutputFor(BaseInput);

    /// <summary>Lengths for the buffer-state scenario: the base, or 16 for an undocumented buffer (a pointer with a length).</summary>
    public uint StatesInput => Input is null ? TypicalLength : BaseInput;

    public uint StatesOutput => Output is null ? TypicalLength : OutputFor(StatesInput);

    /// <summary>The smallest valid output for an input of <paramref name="input"/> bytes, at least 16 inside the limits.</summary>
    public uint OutputFor(uint input) => Output is { } size
        ? Clamp(size.AtLeastInputLength ? Math.Max(TypicalLength, input) : TypicalLength, size.AtLeastInputLength ? Math.Max(size.Min, input) : size.Min, size.Max)
        : PointerFields.Count > 0 ? TypicalLength : 0; // the pointer fields' target

    /// <summary>The input's length classes: 0, around the minimum and the maximum, the base; without a maximum a page and 64 KiB.</summary>
    public IReadOnlyList<uint> InputClasses() => Classes(Input, BaseInput, 0);

    /// <summary>The output's classes with the input at <see cref="BaseInput"/>, plus 4 x the base (more room than the input fills).</summary>
    public IReadOnlyList<uint> OutputClasses() => Classes(Output, BaseOutput, BaseInput);

    private static IReadOnlyList<uint> Classes(DocumentedSize? size, uint baseLength, uint input)
    {
        if (size is null)
        {
            return [0, 1, 3, TypicalLength, 4096];
        }

        uint min = size.AtLeastInputLength ? Math.Max(size.Min, input) : size.Min;
        var values = new List<uint> { 0, min, min + 1, baseLength, baseLength * 4 };
        if (min > 0)
        {
            values.Add(min - 1);
        }

        if (size.Max is { } max)
        {
            values.Add(max);
            values.Add(max + 1);
        }
        else
        {
            values.Add(4096);
        }

        return [.. values.Where(v => v <= 16 * 1024 * 1024 && (size.Max is not { } m || v <= m + 1)).Distinct().Order()];
    }

    /// <summary>The status a length gets by the profile: too_short below the minimum, too_long above the maximum; null when it says none.</summary>
    public static int? LengthStatus(DocumentedSize? size, uint length, uint input)
    {
        if (size is null)
        {
            return null;
        }

        uint min = size.AtLeastInputLength ? Math.Max(size.Min, input) : size.Min;
        return length < min ? size.TooShortStatus : size.Max is { } max && length > max ? size.TooLongStatus : null;
    }

    /// <summary>
    /// The status a hostile <paramref name="state"/> of the input gets and who decides it: the I/O manager for a buffered
    /// input (METHOD_BUFFERED and both direct methods copy the input: STATUS_ACCESS_VIOLATION), the driver's probe for
    /// METHOD_NEITHER (the profile's bad_pointer); null when nobody says.
    /// </summary>
    public (int Status, bool ByDriver)? InputHostileStatus() => Method == TransferMethod.Neither
        ? Input?.BadPointerStatus is { } status ? (status, true) : null
        : (StatusAccessViolation, false);

    /// <summary>As <see cref="InputHostileStatus"/> for the output in <paramref name="state"/>: direct I/O locks it for read (IN_DIRECT, so read-only is fine) or write.</summary>
    public (int Status, bool ByDriver)? OutputHostileStatus(string state) => Method switch
    {
        TransferMethod.Neither => Output?.BadPointerStatus is { } status ? (status, true) : null,
        TransferMethod.InDirect when state == "read_only" => null,
        _ => (StatusAccessViolation, false),
    };

    /// <summary>The expectation text for a status: the status, with the profile's proofs of it.</summary>
    public string ExpectStatus(int status, bool byDriver) => string.Join(", ", ExpectParts(status, byDriver));

    /// <summary>The parts of <see cref="ExpectStatus"/>, one <c>key: value</c> each (block lines of an <c>expect:</c>).</summary>
    public IReadOnlyList<string> ExpectParts(int status, bool byDriver)
    {
        var parts = new List<string> { $"status: {NtStatus.Format(status)}" };
        if (!byDriver)
        {
            return parts;
        }

        if (status == StatusAccessViolation && Device.ExceptionHandledProof is not null)
        {
            parts.Add("logs_handled_exception: true");
        }
        else if (Device.ValidationFailedProof is not null && NtStatus.SeverityOf(status) == StatusSeverity.Error)
        {
            parts.Add("logs_validation_failure: true");
        }

        if (Device.RequestCompletedProof is { } completed)
        {
            parts.Add($"events: [{{ name: {completed.Event}, fields: {{ {completed.Field}: {NtStatus.Format(status)} }} }}]");
        }

        return parts;
    }

    /// <summary>Whether the handle access <paramref name="granted"/> lacks a bit the control code requires (the I/O manager refuses it).</summary>
    public bool CodeRefuses(HandleAccess granted) => ((uint)Ioctl.Access & ~(uint)granted) != 0;

    private static uint Clamp(uint value, uint min, uint? max) => Math.Min(Math.Max(value, min), max ?? uint.MaxValue);
}
