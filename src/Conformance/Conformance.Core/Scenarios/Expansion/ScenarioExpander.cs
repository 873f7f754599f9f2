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
        // Steps are not varied: built once, shared by every case (each with the case's own call ids).
        if (BuildSteps(draft, reporter) is not { } steps)
        {
            return null;
        }

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
            if (BuildCall(draft, fields, reporter, steps) is not var (ioctl, input, output, racer, access)
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
                cases.Add(new ScenarioCase(id, call, expect, draft.Device, ioctl, provenance) { Steps = CaseSteps(draft, steps, id) });
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

    private static (IoctlDefinition, BufferSpec, BufferSpec, RacerSpec, HandleAccess)? BuildCall(ScenarioDraft draft, CaseFields fields, CaseReporter reporter,
        IReadOnlyList<StepBuffers> steps)
    {
        var ioctl = fields.Get<IoctlDefinition?>("ioctl", null)!;
        ulong SizeOf(string reference) => BufferBuilder.SizeOf(reference[..reference.IndexOf('.', StringComparison.Ordinal)], fields);
        var input = BufferBuilder.Build("input", draft.Sections, fields, SizeOf, reporter, steps);
        var output = BufferBuilder.Build("output", draft.Sections, fields, SizeOf, reporter, steps);
        if (input is null || output is null || RacerBuilder.Build(draft, fields, input, output, reporter) is not { } racer)
        {
            return null;
        }

        return (ioctl, input, output, racer, fields.Get("access", HandleAccess.ReadWrite));
    }

    /// <summary>
    /// The buffers of every step, each built with the steps before it (its copies' sources); null after the first step
    /// with an error (the later ones would only repeat it as copies from a step that does not exist).
    /// </summary>
    private static List<StepBuffers>? BuildSteps(ScenarioDraft draft, CaseReporter reporter)
    {
        var built = new List<StepBuffers>(draft.Steps.Count);
        foreach (var step in draft.Steps)
        {
            var fields = new CaseFields(step.Fields, []);
            ulong SizeOf(string reference) => BufferBuilder.SizeOf(reference[..reference.IndexOf('.', StringComparison.Ordinal)], fields);
            var input = BufferBuilder.Build("input", step.Sections, fields, SizeOf, reporter, built);
            var output = BufferBuilder.Build("output", step.Sections, fields, SizeOf, reporter, built);
            if (input is null || output is null)
            {
                return null;
            }

            built.Add(new StepBuffers(step.Name, input, output));
        }

        return built;
    }

    /// <summary>
    /// A case's steps: the shared buffers with the case's call ids. They use the handle access the scenario body gives
    /// (an <c>access</c> axis varies the case's own call only).
    /// </summary>
    private static IReadOnlyList<CaseStep> CaseSteps(ScenarioDraft draft, List<StepBuffers> steps, string caseId)
    {
        if (steps.Count == 0)
        {
            return [];
        }

        var access = draft.Fields.TryGetValue("access", out var written) ? (HandleAccess)written.Value : HandleAccess.ReadWrite;
        return [.. draft.Steps.Select((step, i) => new CaseStep(
            step.Name,
            step.Ioctl,
            new IoctlCall(CaseStep.CallId(caseId, step.Name), step.Ioctl.Code.Value, (uint)access, steps[i].Input, steps[i].Output, RacerSpec.None),
            new CaseExpectation { Status = step.Status },
            new SourceLocation(draft.File, step.Node.Start.Line, step.Node.Start.Column)))];
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
