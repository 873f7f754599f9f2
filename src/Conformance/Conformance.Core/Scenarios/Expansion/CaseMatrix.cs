namespace Conformance.Scenarios.Expansion;

/// <summary>
/// The cartesian product of the <c>vary:</c> axes, in a fixed order: the first axis changes slowest and the
/// last fastest, like nested loops written in file order. The order is part of the case-id contract.
/// </summary>
internal static class CaseMatrix
{
    /// <summary>Number of combinations, saturating instead of overflowing.</summary>
    public static long Count(IReadOnlyList<Axis> axes)
    {
        long count = 1;
        foreach (var axis in axes)
        {
            count = count > long.MaxValue / Math.Max(1, axis.Values.Count) ? long.MaxValue : count * axis.Values.Count;
        }

        return count;
    }

    /// <summary>Each combination as the chosen value index per axis; one empty combination when there are no axes.</summary>
    public static IEnumerable<int[]> Combinations(IReadOnlyList<Axis> axes)
    {
        if (axes.Any(a => a.Values.Count == 0))
        {
            yield break;
        }

        var chosen = new int[axes.Count];
        while (true)
        {
            yield return (int[])chosen.Clone();
            var axis = axes.Count - 1;
            while (axis >= 0 && ++chosen[axis] == axes[axis].Values.Count)
            {
                chosen[axis] = 0;
                axis--;
            }

            if (axis < 0)
            {
                yield break;
            }
        }
    }
}
