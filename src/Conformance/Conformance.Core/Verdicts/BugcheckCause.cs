using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// The category of a crash, from its bugcheck record alone (code, parameters, the simulator's notes), so both targets
/// name the same bug the same way: a Windows System log gives code and parameters, the simulator also the poison
/// and the overwritten return address. Anything not recognised stays BUGCHECK. docs/bug-classes.md has the table.
/// </summary>
public static class BugcheckCause
{
    /// <summary>Addresses below this are the NULL page region, never mapped on Windows 8 and later.</summary>
    public const ulong NullPageLimit = 0x10000;

    private const uint StatusAccessViolation = 0xC0000005;

    /// <summary>Whether <paramref name="category"/> says the machine crashed: BUGCHECK, or a cause <see cref="Categorize"/> gives.</summary>
    public static bool IsCrash(FindingCategory category) => category is FindingCategory.Bugcheck or FindingCategory.StackBufferOverrun
        or FindingCategory.PoolOverflow or FindingCategory.UseAfterFree or FindingCategory.DoubleFree or FindingCategory.DataExecution
        or FindingCategory.UninitializedMemory or FindingCategory.NullDereference;

    /// <summary>The category that fits <paramref name="record"/>; <see cref="FindingCategory.Bugcheck"/> when none is more specific.</summary>
    public static FindingCategory Categorize(BugcheckRecord? record) => record switch
    {
        null => FindingCategory.Bugcheck,
        { ReturnAddressOverwritten: true } => FindingCategory.StackBufferOverrun,
        { Poison: not null } => FindingCategory.UninitializedMemory,
        // KERNEL_SECURITY_CHECK_FAILURE with FAST_FAIL_STACK_COOKIE_CHECK_FAILURE; DRIVER_OVERRAN_STACK_BUFFER.
        { Code: 0x139, Parameters: [2, ..] } or { Code: 0xF7 } => FindingCategory.StackBufferOverrun,
        // PAGE_FAULT_BEYOND_END_OF_ALLOCATION; SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION.
        { Code: 0xCD or 0xC1 } => FindingCategory.PoolOverflow,
        { Code: 0xCC } => FindingCategory.UseAfterFree,
        // BAD_POOL_CALLER, parameter 1 = 7: "attempt to free pool which was already freed".
        { Code: 0xC2, Parameters: [7, ..] } => FindingCategory.DoubleFree,
        { Code: 0xFC } => FindingCategory.DataExecution,
        _ when IsNullPageAccessViolation(record) => FindingCategory.NullDereference,
        _ => FindingCategory.Bugcheck,
    };

    // An unhandled access violation (0x1E, 0x3B, 0x7E, 0x8E: parameter 1 is the exception code) or a page fault
    // (0x50: parameter 1 is the address) in the NULL page.
    private static bool IsNullPageAccessViolation(BugcheckRecord record) => record switch
    {
        { Code: 0x1E or 0x3B or 0x7E or 0x8E, Parameters: [StatusAccessViolation, ..] } => record.FaultAddress < NullPageLimit,
        { Code: 0x50, Parameters: [var address, ..] } => address < NullPageLimit,
        _ => false,
    };
}
