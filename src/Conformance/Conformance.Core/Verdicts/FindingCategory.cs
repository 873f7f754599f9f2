namespace Conformance.Verdicts;

/// <summary>What kind of failure a finding is (DESIGN.md section 6), in descending order of severity.</summary>
public enum FindingCategory
{
    /// <summary>The machine crashed, with no more specific cause recognised (the categories below refine it).</summary>
    Bugcheck,

    /// <summary>The machine crashed on a stack buffer overrun: a /GS cookie failure (0x139 parameter 1 = 2, 0xF7) or an overwritten return address.</summary>
    StackBufferOverrun,

    /// <summary>The machine crashed on a pool buffer overrun: special pool's guard page (0xCD) or its corruption check (0xC1).</summary>
    PoolOverflow,

    /// <summary>The machine crashed touching pool the driver had freed (0xCC PAGE_FAULT_IN_FREED_SPECIAL_POOL).</summary>
    UseAfterFree,

    /// <summary>The machine crashed freeing pool that was already free (0xC2 BAD_POOL_CALLER, parameter 1 = 7).</summary>
    DoubleFree,

    /// <summary>The machine crashed executing memory that is not kernel code: a user page, pool or stack (0xFC, SMEP/NX).</summary>
    DataExecution,

    /// <summary>The machine crashed using uninitialized pool or stack memory as a pointer (the simulator's poison in the address).</summary>
    UninitializedMemory,

    /// <summary>The machine crashed on an access violation in the NULL page (an unhandled fault below 64 KiB).</summary>
    NullDereference,

    /// <summary>The call did not return within its time limit.</summary>
    Hang,

    /// <summary>The kernel canary changed: the driver wrote kernel memory it was pointed at.</summary>
    ArbitraryWrite,

    /// <summary>Kernel secret bytes reached user memory.</summary>
    ArbitraryRead,

    /// <summary>Pool or stack poison reached user memory: uninitialized kernel bytes disclosed.</summary>
    InfoLeak,

    /// <summary>Bytes past the declared output length changed (by the driver, or by the I/O manager copying an Information larger than the buffer).</summary>
    OutOfBoundsWrite,

    /// <summary>A read-only buffer changed.</summary>
    ReadonlyWrite,

    /// <summary>The driver touched a user address no probe of this call covered (a write needs ProbeForWrite).</summary>
    UnprobedUserAccess,

    /// <summary>The driver touched a user address outside any __try: a freed or re-protected page would crash the machine.</summary>
    UserAccessOutsideTry,

    /// <summary>The driver read the same user byte twice in one call: the caller can change it between check and use.</summary>
    DoubleFetch,

    /// <summary>A METHOD_BUFFERED or direct-I/O handler touched the caller's user address instead of its system buffer or MDL.</summary>
    UnexpectedUserAccess,

    /// <summary>The driver opened a file by a name from the caller without OBJ_FORCE_ACCESS_CHECK: no access check on the caller.</summary>
    UncheckedFileOpen,

    /// <summary>The driver opened a handle without OBJ_KERNEL_HANDLE while serving a user-mode caller: the caller's process holds it.</summary>
    UserVisibleHandle,

    /// <summary>
    /// The driver returned without completing the IRP (and without STATUS_PENDING): on Windows the request never
    /// finishes and the IRP with its system buffer leaks, on every call a user can repeat.
    /// </summary>
    IrpNotCompleted,

    /// <summary>The status was not the expected one.</summary>
    WrongStatus,

    /// <summary>Output bytes past Information but inside the declared length changed: the caller's own buffer, a contract deviation.</summary>
    WritePastInformation,

    /// <summary>IoStatus.Information was not the expected one.</summary>
    WrongInformation,

    /// <summary>An expected event was not logged.</summary>
    MissingEvent,

    /// <summary>A forbidden event was logged.</summary>
    UnexpectedEvent,

    /// <summary>The device stopped answering its liveness call after the case.</summary>
    DeviceDead,
}

/// <summary>Names as reports print them (upper snake case, as in DESIGN.md).</summary>
public static class FindingCategoryNames
{
    /// <summary>The report name of a category, e.g. ARBITRARY_WRITE.</summary>
    public static string ToReportName(this FindingCategory category) => category switch
    {
        FindingCategory.Bugcheck => "BUGCHECK",
        FindingCategory.StackBufferOverrun => "STACK_BUFFER_OVERRUN",
        FindingCategory.PoolOverflow => "POOL_OVERFLOW",
        FindingCategory.UseAfterFree => "USE_AFTER_FREE",
        FindingCategory.DoubleFree => "DOUBLE_FREE",
        FindingCategory.DataExecution => "DATA_EXECUTION",
        FindingCategory.UninitializedMemory => "UNINITIALIZED_MEMORY",
        FindingCategory.NullDereference => "NULL_DEREFERENCE",
        FindingCategory.Hang => "HANG",
        FindingCategory.ArbitraryWrite => "ARBITRARY_WRITE",
        FindingCategory.ArbitraryRead => "ARBITRARY_READ",
        FindingCategory.InfoLeak => "INFO_LEAK",
        FindingCategory.OutOfBoundsWrite => "OUT_OF_BOUNDS_WRITE",
        FindingCategory.ReadonlyWrite => "READONLY_WRITE",
        FindingCategory.UnprobedUserAccess => "UNPROBED_USER_ACCESS",
        FindingCategory.UserAccessOutsideTry => "USER_ACCESS_OUTSIDE_TRY",
        FindingCategory.DoubleFetch => "DOUBLE_FETCH",
        FindingCategory.UnexpectedUserAccess => "UNEXPECTED_USER_ACCESS",
        FindingCategory.UncheckedFileOpen => "UNCHECKED_FILE_OPEN",
        FindingCategory.UserVisibleHandle => "USER_VISIBLE_HANDLE",
        FindingCategory.IrpNotCompleted => "IRP_NOT_COMPLETED",
        FindingCategory.WrongStatus => "WRONG_STATUS",
        FindingCategory.WritePastInformation => "WRITE_PAST_INFORMATION",
        FindingCategory.WrongInformation => "WRONG_INFORMATION",
        FindingCategory.MissingEvent => "MISSING_EVENT",
        FindingCategory.UnexpectedEvent => "UNEXPECTED_EVENT",
        FindingCategory.DeviceDead => "DEVICE_DEAD",
        _ => category.ToString().ToUpperInvariant(),
    };
}
