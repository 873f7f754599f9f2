using Conformance.Verdicts;

namespace Conformance.Engine;

/// <summary>
/// A seeded defect variant of the reference driver and the finding categories that prove the suite
/// caught it for the right reason (driver-under-test/DEFECTS.md, conformance_sample_defects.h).
/// </summary>
/// <param name="Number">The DefectVariant registry value.</param>
/// <param name="Name">The variant's stable name.</param>
/// <param name="FittingCategories">Categories any of which shows the defect was caught for the right reason.</param>
public sealed record SeededDefect(uint Number, string Name, IReadOnlyList<FindingCategory> FittingCategories)
{
    /// <summary>Every seeded variant of the reference driver.</summary>
    public static IReadOnlyList<SeededDefect> All { get; } =
    [
        new(1, "neither-no-probe", [FindingCategory.ArbitraryWrite, FindingCategory.ArbitraryRead, FindingCategory.UnprobedUserAccess]),
        new(2, "touch-outside-try", [FindingCategory.Bugcheck, FindingCategory.UserAccessOutsideTry]),
        // The access trace sees the second read on every call; the racer's crash (a special-pool overrun) only when it wins.
        new(3, "double-fetch", [FindingCategory.PoolOverflow, FindingCategory.DoubleFetch]),
        new(4, "uninitialized-output", [FindingCategory.InfoLeak]),
        new(5, "information-overreport", [FindingCategory.InfoLeak, FindingCategory.WrongInformation]),
        // Crashes are reported by their cause (BugcheckCause): the short system buffer's guard page, or a NULL one.
        new(6, "missing-input-size-check", [FindingCategory.PoolOverflow, FindingCategory.NullDereference]),
        new(7, "probe-zero-length", [FindingCategory.ArbitraryRead]),
        // The write into a read-only input faults inside __try: a valid request fails.
        new(8, "write-probed-for-read", [FindingCategory.ReadonlyWrite, FindingCategory.WrongStatus, FindingCategory.UnprobedUserAccess]),
        new(9, "integer-overflow", [FindingCategory.PoolOverflow]),
        new(10, "null-mdl-direct", [FindingCategory.NullDereference]),
        new(11, "swallow-exception", [FindingCategory.MissingEvent]),
        new(12, "log-success-after-failure", [FindingCategory.MissingEvent, FindingCategory.UnexpectedEvent]),
        // A wrong-sized SET_CONFIG leaves the device refusing everything: seen by the liveness call after that case.
        new(13, "leaked-config-gate", [FindingCategory.DeviceDead]),
        // RESET_CONFIG with a read-only handle succeeds where the clean driver refuses it.
        new(14, "missing-access-check", [FindingCategory.WrongStatus]),
        new(15, "missing-completion", [FindingCategory.IrpNotCompleted]),
        // Information past the system buffer: the I/O manager copies the adjacent pool (not a bugcheck).
        new(16, "information-past-buffer", [FindingCategory.InfoLeak]),
        // 17-20 change nothing any other judgement sees: only the access trace catches them (DEFECTS.md).
        new(17, "double-fetch-header", [FindingCategory.DoubleFetch]),
        new(18, "probe-header-only", [FindingCategory.UnprobedUserAccess]),
        new(19, "result-outside-try", [FindingCategory.UserAccessOutsideTry]),
        new(20, "buffered-writes-user-buffer", [FindingCategory.UnexpectedUserAccess]),
    ];
}
