using System.Text.RegularExpressions;
using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads <c>steps:</c>: the calls fired, in order, before the scenario's own call, each with a unique name, an IOCTL of
/// the profile, buffers in the same syntax as the scenario's and an optional status. Steps are not varied: every case
/// of the scenario fires the same ones.
/// </summary>
internal static partial class StepReader
{
    /// <summary>More steps than this is a scenario that should be split.</summary>
    public const int MaxSteps = 32;

    public static List<StepDraft>? Read(SourceNode node, FieldReader fields, ValueReader reader)
    {
        if (!reader.TryList(node, "steps", false, out var items))
        {
            return null;
        }

        if (items.Count == 0 || items.Count > MaxSteps)
        {
            reader.Diagnostics.Error(node, items.Count == 0 ? "'steps' lists no step" : $"'steps' lists {items.Count} steps, more than the limit of {MaxSteps}",
                items.Count == 0 ? "Remove it, or add one such as { name: create, ioctl: IOCTL_X_CREATE }." : "Split the scenario.");
            return null;
        }

        var steps = new List<StepDraft>();
        var ok = true;
        foreach (var item in items)
        {
            if (ReadOne(item, fields, reader, steps) is { } step)
            {
                steps.Add(step);
            }
            else
            {
                ok = false;
            }
        }

        return ok ? steps : null;
    }

    private static StepDraft? ReadOne(SourceNode item, FieldReader fields, ValueReader reader, List<StepDraft> earlier)
    {
        if (MappingReader.Open(item, ScenarioSyntax.Step, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var errorsBefore = reader.Diagnostics.Count;
        foreach (var key in new[] { "name", "ioctl" })
        {
            if (!map.Has(key) && !map.Misspells(key))
            {
                reader.Diagnostics.Error(item, $"a step needs '{key}'",
                    "Write e.g. { name: create, ioctl: IOCTL_X_CREATE, output: { size: 8 } }: a name later copies refer to, and the IOCTL to call.");
            }
        }

        var name = map.Get("name") is { } nameNode ? ReadName(nameNode, reader, earlier) : null;
        var ioctl = map.Get("ioctl") is { } ioctlNode ? fields.Read("ioctl", ioctlNode)?.Value as IoctlDefinition : null;
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var sections = new Dictionary<string, SourceNode>(StringComparer.Ordinal);
        foreach (var section in new[] { "input", "output" })
        {
            if (map.Get(section) is not { } node)
            {
                continue;
            }

            sections[section] = node;
            var keys = ScenarioSyntax.BufferNamed(section);
            if (MappingReader.Open(node, keys, reader.Diagnostics) is not { } sectionMap)
            {
                continue;
            }

            foreach (var key in keys.Keys)
            {
                if (sectionMap.Get(key) is { } value && fields.Read($"{section}.{key}", value) is { } field)
                {
                    values[field.Path] = field;
                }
            }
        }

        StatusExpectation? status = null;
        if (map.Get("expect") is { } expectNode && MappingReader.Open(expectNode, ScenarioSyntax.StepExpect, reader.Diagnostics) is { } expect
            && expect.Get("status") is { } statusNode)
        {
            status = StatusReader.Read(statusNode, reader);
        }

        return name is null || ioctl is null || reader.Diagnostics.Count > errorsBefore
            ? null
            : new StepDraft(name, item, ioctl, values, sections, status ?? Scenarios.CaseStep.DefaultStatus);
    }

    private static string? ReadName(SourceNode node, ValueReader reader, List<StepDraft> earlier)
    {
        if (!reader.TryText(node, "step name", out var name))
        {
            return null;
        }

        if (!NamePattern().IsMatch(name))
        {
            reader.Diagnostics.Error(node, $"step name '{name}' may hold only lowercase letters, digits, _ and -",
                "It is how copies name the step (from: create.output) and part of the step's call id.");
            return null;
        }

        if (earlier.FirstOrDefault(s => s.Name == name) is { } first)
        {
            reader.Diagnostics.Error(node, $"step name '{name}' is used twice (first at line {first.Node.Start.Line})",
                "Give each step its own name: copies refer to steps by name.");
            return null;
        }

        return name;
    }

    [GeneratedRegex(@"^[a-z0-9_-]+$")]
    private static partial Regex NamePattern();
}
