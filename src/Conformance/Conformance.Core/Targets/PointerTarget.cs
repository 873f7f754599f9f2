namespace Conformance.Targets;

/// <summary>
/// What a pointer placed inside a buffer's bytes points at (<see cref="BufferPointer"/>). Only the target knows
/// the addresses (where it placed the buffers, where its kernel pages are), so it resolves them when it fires
/// the call; a scenario names them.
/// </summary>
public enum PointerTarget
{
    /// <summary>NULL (plus the pointer's addend: a near-NULL address in the never-mapped NULL page region).</summary>
    Null = 0,

    /// <summary>The case's own input buffer: the pointer the call passes as its input.</summary>
    Input = 1,

    /// <summary>The case's own output buffer: the pointer the call passes as its output.</summary>
    Output = 2,

    /// <summary>A user page with no access: a probe passes, a touch faults (inside __try: STATUS_ACCESS_VIOLATION).</summary>
    NoAccessUser = 3,

    /// <summary>The simulator's kernel canary page: a write there is ARBITRARY_WRITE.</summary>
    KernelCanary = 4,

    /// <summary>The simulator's kernel secret page: its bytes reaching user memory is ARBITRARY_READ.</summary>
    KernelSecret = 5,

    /// <summary>An unmapped kernel address: any touch is bugcheck 0x50, inside __try or not.</summary>
    KernelUnmapped = 6,
}

/// <summary>The scenario spellings of <see cref="PointerTarget"/>, shared by the loader, reports and reproducers.</summary>
public static class PointerTargetNames
{
    /// <summary>Every target with its name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<(string Name, PointerTarget Target)> All { get; } =
    [
        ("null", PointerTarget.Null),
        ("input", PointerTarget.Input),
        ("output", PointerTarget.Output),
        ("no_access_user", PointerTarget.NoAccessUser),
        ("kernel_canary", PointerTarget.KernelCanary),
        ("kernel_secret", PointerTarget.KernelSecret),
        ("kernel_unmapped", PointerTarget.KernelUnmapped),
    ];

    /// <summary>The scenario name of <paramref name="target"/>, e.g. kernel_canary.</summary>
    public static string Name(PointerTarget target) => All.First(e => e.Target == target).Name;
}
