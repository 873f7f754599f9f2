using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// Gives each expected event its own logged event: "ExceptionHandled" expected twice needs two of them.
/// A maximum bipartite matching (augmenting paths), so a broad expectation never takes the only event a
/// narrower one could use when another event would do for it.
/// </summary>
internal static class EventAssignment
{
    /// <summary>The expectations left without a logged event of their own, in scenario order.</summary>
    public static IReadOnlyList<EventExpectation> Unmatched(IReadOnlyList<EventExpectation> expected, IReadOnlyList<TraceEventRecord> logged)
    {
        var candidates = expected.Select(e => Enumerable.Range(0, logged.Count).Where(i => EventMatcher.Matches(e, logged[i])).ToArray()).ToArray();
        var owner = new int[logged.Count];
        Array.Fill(owner, -1);
        var unmatched = new List<EventExpectation>();
        for (int e = 0; e < expected.Count; e++)
        {
            if (!TryAssign(e, candidates, owner, new bool[logged.Count]))
            {
                unmatched.Add(expected[e]);
            }
        }

        return unmatched;
    }

    private static bool TryAssign(int expectation, int[][] candidates, int[] owner, bool[] visited)
    {
        foreach (int logged in candidates[expectation])
        {
            if (visited[logged])
            {
                continue;
            }

            visited[logged] = true;
            if (owner[logged] < 0 || TryAssign(owner[logged], candidates, owner, visited))
            {
                owner[logged] = expectation;
                return true;
            }
        }

        return false;
    }
}
