using System.Globalization;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// Judges a call's access trace (every touch of user memory by the driver's own code) against the METHOD_NEITHER
/// rules of neither.c's header and Microsoft's "Using Neither Buffered Nor Direct I/O": probe first, touch only inside
/// __try, capture once; and a buffered or direct-I/O handler never touches the caller's user address at all.
/// Each category is one finding, naming the first offending touch (buffer offset and driver source line).
/// </summary>
internal static class AccessJudge
{
    public static void Judge(ScenarioCase scenarioCase, UserAccessTrace trace, List<Finding> findings, List<string> notJudged)
    {
        var expect = scenarioCase.Expect;
        var places = new AccessPlaces(trace, scenarioCase.Call);
        if (trace.Dropped > 0)
        {
            notJudged.Add(string.Create(CultureInfo.InvariantCulture, $"user access: {trace.Dropped} touches past the trace's capacity not judged"));
        }

        var method = new ControlCode(scenarioCase.Call.IoControlCode).Method;
        if (method != TransferMethod.Neither)
        {
            // The I/O manager gave the handler a system buffer or an MDL: the caller's address is not its to touch.
            if (expect.NoUnexpectedUserAccess && trace.Accesses.Count > 0)
            {
                findings.Add(Describe(FindingCategory.UnexpectedUserAccess, trace.Accesses, places,
                    $"a {ControlCode.MethodMacro(method)} handler touched the caller's memory"));
            }

            return;
        }

        if (expect.UserAccessProbed)
        {
            var unprobed = trace.Accesses.Where(a => !a.Probed).ToList();
            if (unprobed.Count > 0)
            {
                findings.Add(Describe(FindingCategory.UnprobedUserAccess, unprobed, places,
                    unprobed[0].IsWrite ? "no ProbeForWrite of this call covers it" : "no probe of this call covers it"));
            }
        }

        if (expect.UserAccessInTry)
        {
            var outside = trace.Accesses.Where(a => !a.InTry).ToList();
            if (outside.Count > 0)
            {
                findings.Add(Describe(FindingCategory.UserAccessOutsideTry, outside, places, "outside any __try"));
            }
        }

        if (expect.NoDoubleFetch && FirstDoubleFetch(trace.Accesses) is { } fetch)
        {
            findings.Add(new Finding(FindingCategory.DoubleFetch, string.Create(CultureInfo.InvariantCulture,
                $"{places.Describe(fetch.Address)} read twice: first {Code(fetch.First)}, again {Code(fetch.Again)}")));
        }
    }

    /// <summary>The first byte a later read fetches again, with the two reads.</summary>
    internal static (ulong Address, UserAccess First, UserAccess Again)? FirstDoubleFetch(IReadOnlyList<UserAccess> accesses)
    {
        foreach (var (first, again) in DoubleFetches(accesses))
        {
            return (Math.Max(accesses[first].Address, accesses[again].Address), accesses[first], accesses[again]);
        }

        return null;
    }

    /// <summary>
    /// Every read that fetches bytes an earlier read already fetched, in trace order, each with the earliest read it
    /// overlaps: positions in the list, so the report can number and draw them.
    /// </summary>
    internal static IEnumerable<(int First, int Again)> DoubleFetches(IReadOnlyList<UserAccess> accesses)
    {
        var reads = new List<int>();
        for (int index = 0; index < accesses.Count; index++)
        {
            var access = accesses[index];
            if (access.IsWrite)
            {
                continue;
            }

            foreach (int earlier in reads)
            {
                if (access.Address < accesses[earlier].End && accesses[earlier].Address < access.End)
                {
                    yield return (earlier, index);
                    break;
                }
            }

            reads.Add(index);
        }
    }

    private static Finding Describe(FindingCategory category, IReadOnlyList<UserAccess> offending, AccessPlaces places, string why)
    {
        var first = offending[0];
        string more = offending.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {offending.Count - 1} more)") : string.Empty;
        return new Finding(category, string.Create(CultureInfo.InvariantCulture,
            $"{(first.IsWrite ? "write" : "read")} of {first.Size} bytes at {places.Describe(first.Address)} {Code(first)}: {why}{more}"));
    }

    private static string Code(UserAccess access) => access.Code is { } code ? $"by {code}" : "by code outside the driver";
}

/// <summary>Says where a user address is: an offset into the caller's input or output, or a bare address.</summary>
internal readonly struct AccessPlaces(UserAccessTrace trace, IoctlCall call)
{
    /// <summary>"input+8", "output+4096", or "user address 0x7F0012340000".</summary>
    public string Describe(ulong address) => Locate(address) is { } place
        ? string.Create(CultureInfo.InvariantCulture, $"{place.Buffer}+{place.Offset}")
        : string.Create(CultureInfo.InvariantCulture, $"user address 0x{address:X}");

    /// <summary>The buffer holding the address ("input", else "output") and the offset into it; null when neither does.</summary>
    public (string Buffer, ulong Offset)? Locate(ulong address) =>
        Offset(trace.InputAddress, call.Input, address) is { } input ? ("input", input)
        : Offset(trace.OutputAddress, call.Output, address) is { } output ? ("output", output)
        : null;

    /// <summary>The offset from the buffer's pointer, when the address is inside it or the page after it (a touch past its end).</summary>
    public static ulong? Offset(ulong pointer, BufferSpec buffer, ulong address)
    {
        ulong extent = Math.Max(buffer.Size, buffer.DeclaredLength) + (ulong)BufferSpec.PageSize;
        return pointer != 0 && address >= pointer && address - pointer < extent ? address - pointer : null;
    }
}
