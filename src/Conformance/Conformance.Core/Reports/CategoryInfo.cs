using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>What each finding category means and how loud reports should be about it.</summary>
public static class CategoryInfo
{
    /// <summary>Every category, most severe first (the enum's order is the severity order).</summary>
    public static IReadOnlyList<FindingCategory> BySeverity { get; } = Enum.GetValues<FindingCategory>();

    /// <summary>Position of a category in <see cref="BySeverity"/> (SARIF's ruleIndex).</summary>
    public static int SeverityRank(FindingCategory category) => Array.IndexOf(Enum.GetValues<FindingCategory>(), category);

    /// <summary>
    /// Whether the category is a memory-safety or availability defect (crash, hang, kernel memory reached,
    /// writes where none may happen) rather than a contract deviation such as a wrong status.
    /// </summary>
    public static bool IsSevere(FindingCategory category) => category switch
    {
        FindingCategory.Bugcheck
            or FindingCategory.StackBufferOverrun
            or FindingCategory.PoolOverflow
            or FindingCategory.UseAfterFree
            or FindingCategory.DoubleFree
            or FindingCategory.DataExecution
            or FindingCategory.UninitializedMemory
            or FindingCategory.NullDereference
            or FindingCategory.Hang
            or FindingCategory.ArbitraryWrite
            or FindingCategory.ArbitraryRead
            or FindingCategory.InfoLeak
            or FindingCategory.OutOfBoundsWrite
            or FindingCategory.ReadonlyWrite
            or FindingCategory.UnprobedUserAccess
            or FindingCategory.UserAccessOutsideTry
            or FindingCategory.DoubleFetch
            or FindingCategory.UnexpectedUserAccess
            or FindingCategory.UncheckedFileOpen
            or FindingCategory.UserVisibleHandle
            or FindingCategory.IrpNotCompleted => true,
        _ => false,
    };

    /// <summary>"security" or "conformance": the two kinds of finding DESIGN.md section 6 keeps apart in reports.</summary>
    public static string Kind(FindingCategory category) => IsSevere(category) ? "security" : "conformance";

    /// <summary>One sentence for a driver engineer: what the category means.</summary>
    public static string Description(FindingCategory category) => category switch
    {
        FindingCategory.Bugcheck => "The machine crashed (bugcheck) during the call.",
        FindingCategory.StackBufferOverrun => "The machine crashed because the driver overran a stack buffer: a /GS cookie check failed (bugcheck 0x139 with parameter 1 = 2, or 0xF7), or a return address the overrun wrote was used. A caller who controls the bytes controls the return.",
        FindingCategory.PoolOverflow => "The machine crashed because the driver wrote or read past its pool allocation (special pool: bugcheck 0xCD at the guard page, or 0xC1 when the free found the slack changed).",
        FindingCategory.UseAfterFree => "The machine crashed because the driver touched pool it had already freed (bugcheck 0xCC): a caller who gets the memory reallocated controls what the driver reads.",
        FindingCategory.DoubleFree => "The machine crashed because the driver freed a pool block twice (bugcheck 0xC2, parameter 1 = 7).",
        FindingCategory.DataExecution => "The machine crashed because the driver jumped to memory that is not kernel code, a user page or pool or stack data (bugcheck 0xFC, as SMEP and NX raise): a caller who controls the target runs code with kernel rights where those protections are off.",
        FindingCategory.UninitializedMemory => "The machine crashed because the driver used uninitialized pool or stack memory as a pointer (the simulator's poison bytes in the address).",
        FindingCategory.NullDereference => "The machine crashed on an access violation in the NULL page: the driver used a NULL pointer (plus a small offset) without a check.",
        FindingCategory.Hang => "The call did not return within its time limit.",
        FindingCategory.ArbitraryWrite => "The driver wrote kernel memory it was pointed at: the kernel canary changed.",
        FindingCategory.ArbitraryRead => "Kernel secret bytes reached user memory.",
        FindingCategory.InfoLeak => "Uninitialized pool or stack bytes reached user memory.",
        FindingCategory.OutOfBoundsWrite => "Bytes past the declared output length changed: memory the caller never gave.",
        FindingCategory.WritePastInformation => "Output bytes past Information but inside the declared length changed: the caller's own buffer, but not what the driver reported.",
        FindingCategory.ReadonlyWrite => "A read-only user buffer changed.",
        FindingCategory.UnprobedUserAccess => "The driver touched a user address that no ProbeForRead/ProbeForWrite of this call covered (a write needs ProbeForWrite): a kernel address passed there would be read or written.",
        FindingCategory.UserAccessOutsideTry => "The driver touched a user address outside any __try: a caller that frees or re-protects the page crashes the machine.",
        FindingCategory.DoubleFetch => "The driver read the same user byte twice in one call: the caller can change it between the check and the use.",
        FindingCategory.UnexpectedUserAccess => "A METHOD_BUFFERED or direct-I/O handler touched the caller's user address instead of its system buffer or MDL.",
        FindingCategory.UncheckedFileOpen => "The driver opened a file by a name the caller supplied without OBJ_FORCE_ACCESS_CHECK: the kernel-mode open skips the access check, so the caller reaches files it could not open itself.",
        FindingCategory.UserVisibleHandle => "The driver opened a handle for itself without OBJ_KERNEL_HANDLE while serving a user-mode caller: it lands in the caller's handle table, where the caller can use, duplicate or close it.",
        FindingCategory.IrpNotCompleted => "The driver returned without completing the IRP: the request never finishes and its IRP and buffers leak in nonpaged pool on every such call.",
        FindingCategory.WrongStatus => "IoStatus.Status was not the expected one.",
        FindingCategory.WrongInformation => "IoStatus.Information was not the expected one.",
        FindingCategory.MissingEvent => "An expected event was not logged.",
        FindingCategory.UnexpectedEvent => "A forbidden event was logged, or an expected one with other field values: the log disagrees with what the call did.",
        FindingCategory.DeviceDead => "The device stopped answering its liveness call after the case.",
        _ => category.ToReportName(),
    };

    /// <summary>Findings ordered by severity, keeping judging order within a category.</summary>
    public static IReadOnlyList<Finding> MostSevereFirst(IReadOnlyList<Finding> findings) =>
        [.. findings.OrderBy(f => f.Category)];
}
