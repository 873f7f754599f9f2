using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>One condition of a selector: the axis takes one of these values.</summary>
/// <param name="Axis">The axis.</param>
/// <param name="Values">Accepted values (already matched to the axis's own values).</param>
internal sealed record AxisCondition(Axis Axis, IReadOnlyList<FieldValue> Values);

/// <summary>
/// A partial assignment of axis values, as written in <c>exclude:</c> entries and <c>when:</c> blocks. It matches
/// a case when every named axis has one of the listed values.
/// </summary>
/// <param name="Node">Where it was written.</param>
/// <param name="Conditions">The conditions, all of which must hold.</param>
internal sealed record AxisSelector(SourceNode Node, IReadOnlyList<AxisCondition> Conditions)
{
    /// <param name="chosen">The case's value index for each axis, in axis order.</param>
    /// <param name="axes">The scenario's axes.</param>
    public bool Matches(IReadOnlyList<int> chosen, IReadOnlyList<Axis> axes) =>
        Conditions.All(c =>
        {
            var index = IndexOf(axes, c.Axis);
            return c.Values.Contains(c.Axis.Values[chosen[index]]);
        });

    private static int IndexOf(IReadOnlyList<Axis> axes, Axis axis)
    {
        for (var i = 0; i < axes.Count; i++)
        {
            if (ReferenceEquals(axes[i], axis))
            {
                return i;
            }
        }

        throw new InvalidOperationException($"axis '{axis.Path}' is not part of the scenario");
    }
}

/// <summary>A <c>cases:</c> entry: when its selector matches, its expectations are laid over the base ones.</summary>
/// <param name="When">The selector.</param>
/// <param name="Expect">The overriding expectations.</param>
/// <param name="Node">The entry, for provenance.</param>
internal sealed record ExpectOverride(AxisSelector When, ExpectDraft Expect, SourceNode Node);
