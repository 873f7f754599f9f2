using System.Globalization;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine.Fuzzing;

/// <summary>
/// A fuzz finding is a new (category, site) pair: the site is where the driver went wrong, as precisely as the
/// evidence says (the crashing line, the touching line), else the IOCTL. Ten inputs that crash on the same line
/// are one finding; the same category on another line is another.
/// </summary>
public static class FuzzFindingKey
{
    /// <summary>The key of <paramref name="finding"/> in <paramref name="result"/>, e.g. "BUGCHECK @ SampleSetConfig (dispatch.c:120)".</summary>
    public static string Of(Finding finding, CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(result);
        return $"{finding.Category.ToReportName()} @ {Site(finding.Category, result)}";
    }

    private static string Site(FindingCategory category, CaseResult result)
    {
        var outcome = result.Outcome;
        var accesses = outcome?.UserAccesses?.Accesses ?? [];
        var location = category switch
        {
            _ when BugcheckCause.IsCrash(category) => outcome?.Bugcheck is { } record ? record.DriverLocation ?? record.Instruction : null,
            FindingCategory.UnprobedUserAccess => accesses.FirstOrDefault(a => !a.Probed)?.Code,
            FindingCategory.UserAccessOutsideTry => accesses.FirstOrDefault(a => !a.InTry)?.Code,
            FindingCategory.DoubleFetch => SecondRead(accesses)?.Code,
            FindingCategory.UnexpectedUserAccess => accesses.Count > 0 ? accesses[0].Code : null,
            _ => null,
        };
        return location is null ? result.Case.Ioctl.Name : Describe(location);
    }

    private static UserAccess? SecondRead(IReadOnlyList<UserAccess> accesses)
    {
        for (int i = 0; i < accesses.Count; i++)
        {
            for (int j = 0; j < i && !accesses[i].IsWrite; j++)
            {
                if (!accesses[j].IsWrite && accesses[i].Address < accesses[j].End && accesses[j].Address < accesses[i].End)
                {
                    return accesses[i];
                }
            }
        }

        return null;
    }

    // Function and line, not the offset: the same line stays the same site when the driver is rebuilt.
    private static string Describe(CodeLocation location) => location.Function is null
        ? string.Create(CultureInfo.InvariantCulture, $"{location.Module}+0x{location.Offset:X}")
        : location.File is null ? location.Function : string.Create(CultureInfo.InvariantCulture, $"{location.Function} ({Path.GetFileName(location.File)}:{location.Line})");
}
