namespace Conformance.Targets;

/// <summary>What the (simulated or real) machine recorded when it crashed during a case.</summary>
/// <param name="Code">Bugcheck code, e.g. 0x50 PAGE_FAULT_IN_NONPAGED_AREA.</param>
/// <param name="Parameters">The four bugcheck parameters.</param>
/// <param name="FaultAddress">The address whose access faulted (0 if not a fault).</param>
/// <param name="InstructionAddress">Where the faulting instruction was.</param>
/// <param name="IoControlCode">Control code of the call in flight.</param>
/// <param name="CaseId">Case in flight.</param>
/// <param name="RawText">The record exactly as written, for reports.</param>
public sealed record BugcheckRecord(
    uint Code,
    IReadOnlyList<ulong> Parameters,
    ulong FaultAddress,
    ulong InstructionAddress,
    uint IoControlCode,
    string CaseId,
    string RawText)
{
    /// <summary>The conventional name of the bugcheck code, e.g. PAGE_FAULT_IN_NONPAGED_AREA.</summary>
    public string Name => Code switch
    {
        0x1E => "KMODE_EXCEPTION_NOT_HANDLED",
        0x3B => "SYSTEM_SERVICE_EXCEPTION",
        0x44 => "MULTIPLE_IRP_COMPLETE_REQUESTS",
        0x50 => "PAGE_FAULT_IN_NONPAGED_AREA",
        0x7E => "SYSTEM_THREAD_EXCEPTION_NOT_HANDLED",
        0xC1 => "SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION",
        0xC2 => "BAD_POOL_CALLER",
        0xCC => "PAGE_FAULT_IN_FREED_SPECIAL_POOL",
        0xCD => "PAGE_FAULT_BEYOND_END_OF_ALLOCATION",
        0xF7 => "DRIVER_OVERRAN_STACK_BUFFER",
        0xFC => "ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY",
        0x139 => "KERNEL_SECURITY_CHECK_FAILURE",
        _ => $"BUGCHECK_0x{Code:X}",
    };

    /// <summary>
    /// Module and offset of the faulting instruction (e.g. libc.so.6 when the driver's RtlCopyMemory faulted in
    /// memcpy), or null when the target does not know (Windows: the System log has no instruction).
    /// </summary>
    public CodeLocation? Instruction { get; init; }

    /// <summary>
    /// The driver's own code that crashed: the faulting instruction when it is the driver's, else the driver's
    /// call that led to it; with function and source line when the driver's debug information has them.
    /// Null when no driver code was found on the crashing stack or the target cannot tell.
    /// </summary>
    public CodeLocation? DriverLocation { get; init; }

    /// <summary>Whether the driver's dispatch routine had been called for the case in flight; null when unknown.</summary>
    public bool? ReachedDriver { get; init; }

    /// <summary>
    /// Which poison the faulting address was made of when the driver used uninitialized memory as a pointer: "pool"
    /// (a fresh allocation) or "stack" (the poisoned dispatch stack); null when it was not poison or the target cannot
    /// tell (Windows has no poison).
    /// </summary>
    public string? Poison { get; init; }

    /// <summary>
    /// A driver frame's saved return address led nowhere (not canonical, or outside every loaded module) when the
    /// machine stopped: a stack buffer overrun without a /GS cookie reached it. Only the simulator can tell.
    /// </summary>
    public bool ReturnAddressOverwritten { get; init; }
}
