using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// Expands a <see cref="ScenarioDraft"/> into its cases: the axis matrix minus exclusions, each combination
/// built and checked, the first matching <c>cases:</c> override laid over the base expectations, and each case
/// repeated <c>repeat</c> times. Either every case is valid or the scenario is rejected.
/// </summary>
internal static class ScenarioExpander
{
    public static Scenario? Expand(ScenarioDraft draft, Diagnostics diagnostics)
    {
        var total = CaseMatrix.Count(draft.Axes);
        if (total > BufferLimits.MaxCases / draft.Repeat)
        {
            diagnostics.Error(draft.VaryNode ?? draft.Root,
                $"the scenario expands to {(total == long.MaxValue ? "too many" : (total * draft.Repeat).ToString(System.Globalization.CultureInfo.InvariantCulture))} cases, more than the limit of {BufferLimits.MaxCases}",
                "Split it into several scenarios or drop axis values.");
            return null;
        }

        var reporter = new CaseReporter(diagnostics);
        var overrideUsed = new bool[draft.Overrides.Count];
        var cases = new List<ScenarioCase>();
        var scenarioWhere = new SourceLocation(draft.File, draft.Start.Line, draft.Start.Column);
        foreach (var chosen in CaseMatrix.Combinations(draft.Axes))
        {
            if (draft.Excludes.Any(x => x.Matches(chosen, draft.Axes)))
            {
                continue;
            }

            var axisValues = draft.Axes.Select((axis, i) => axis.Values[chosen[i]]).ToList();
            var assignments = axisValues.Select(v => new AxisAssignment(v.Path, v.Text)).ToList();
            reporter.CaseLabel = CaseIds.AxisPart(assignments);
            var fields = new CaseFields(draft.Fields, axisValues);

            var overrideIndex = FirstMatch(draft, chosen);
            if (overrideIndex >= 0)
            {
                overrideUsed[overrideIndex] = true;
            }

            var expectDraft = overrideIndex < 0 ? draft.Expect : draft.Expect.OverlaidWith(draft.Overrides[overrideIndex].Expect);
            if (BuildCall(draft, fields, reporter) is not var (ioctl, input, output, racer, access)
                || ExpectationResolver.Resolve(expectDraft, input, output, reporter) is not { } expect)
            {
                continue;
            }

            SourceLocation? overrideWhere = overrideIndex < 0
                ? null
                : new SourceLocation(draft.File, draft.Overrides[overrideIndex].Node.Start.Line, draft.Overrides[overrideIndex].Node.Start.Column);
            for (var repetition = 1; repetition <= draft.Repeat; repetition++)
            {
                var id = CaseIds.Format(draft.Id, assignments, repetition, draft.Repeat);
                var call = new IoctlCall(id, ioctl.Code.Value, (uint)access, input, output, racer);
                var provenance = new CaseProvenance(draft.Id, scenarioWhere, assignments, repetition, overrideWhere);
                cases.Add(new ScenarioCase(id, call, expect, draft.Device, ioctl, provenance));
            }
        }

        ReportUselessSelectors(draft, overrideUsed, cases.Count, diagnostics);
        return diagnostics.Count > 0
            ? null
            : new Scenario(draft.Id, draft.File, draft.Description, draft.Device, [.. draft.Axes.Select(a => a.Path)], cases);
    }

    private static int FirstMatch(ScenarioDraft draft, int[] chosen)
    {
        for (var i = 0; i < draft.Overrides.Count; i++)
        {
            if (draft.Overrides[i].When.Matches(chosen, draft.Axes))
            {
                return i;
            }
        }

        return -1;
    }

    private static (IoctlDefinition, BufferSpec, BufferSpec, RacerSpec, HandleAccess)? BuildCall(ScenarioDraft draft, CaseFields fields, CaseReporter reporter)
    {
        var ioctl = fields.Get<IoctlDefinition?>("ioctl", null)!;
        ulong SizeOf(string reference) => BufferBuilder.SizeOf(reference[..reference.IndexOf('.', StringComparison.Ordinal)], fields);
        var input = BufferBuilder.Build("input", draft, fields, SizeOf, reporter);
        var output = BufferBuilder.Build("output", draft, fields, SizeOf, reporter);
        if (input is null || output is null || RacerBuilder.Build(draft, fields, input, output, reporter) is not { } racer)
        {
            return null;
        }

        return (ioctl, input, output, racer, fields.Get("access", HandleAccess.ReadWrite));
    }

    /// <summary>An exclude that removes everything, or an override that never applies, is a mistake in the file.</summary>
    private static void ReportUselessSelectors(ScenarioDraft draft, bool[] overrideUsed, int caseCount, Diagnostics diagnostics)
    {
        if (diagnostics.Count > 0)
        {
            return;
        }

        if (caseCount == 0)
        {
            diagnostics.Error(draft.ExcludeNode ?? draft.Root, "'exclude' removes every case", "Loosen the exclusions so at least one case remains.");
            return;
        }

        for (var i = 0; i < overrideUsed.Length; i++)
        {
            if (!overrideUsed[i])
            {
                diagnostics.Error(draft.Overrides[i].Node, "this 'cases' entry never applies: every case it matches is excluded or taken by an earlier entry",
                    "Entries are tried in order and the first match wins; move it up, or remove it.");
            }
        }
    }
}
