namespace Conformance.Scenarios.Expansion;

/// <summary>
/// Stable case ids: <c>scenario/path[axis1=value1,axis2=value2]#rep</c>. Brackets are left out without axes and
/// <c>#rep</c> when the scenario does not repeat, so the simplest scenarios have the simplest ids.
/// </summary>
internal static class CaseIds
{
    /// <summary>Characters that would make an id ambiguous if a file name contained them.</summary>
    public static readonly char[] Reserved = ['[', ']', '=', ',', '#'];

    public static string AxisPart(IReadOnlyList<AxisAssignment> axes) =>
        axes.Count == 0 ? "" : $"[{string.Join(",", axes.Select(a => a.ToString()))}]";

    public static string Format(string scenarioId, IReadOnlyList<AxisAssignment> axes, int repetition, uint repeat) =>
        repeat == 1 ? scenarioId + AxisPart(axes) : $"{scenarioId}{AxisPart(axes)}#{repetition}";
}
