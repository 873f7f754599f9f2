using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads a scenario document into a <see cref="ScenarioDraft"/>: every key checked, every value typed, every
/// reference (device, IOCTL, axis) resolved. Combination rules that depend on axis values are checked later,
/// per case, by the expansion.
/// </summary>
internal static class ScenarioParser
{
    public static ScenarioDraft? Parse(SourceNode root, string id, string baseDirectory, DeviceProfileSet devices, Diagnostics diagnostics)
    {
        var reader = new ValueReader(diagnostics);
        if (root is not SourceMapping)
        {
            if (root is SourceError)
            {
                return null;
            }

            diagnostics.Error(root, $"a scenario is a mapping of keys (device, ioctl, input, ...), but this file holds {root.Describe()}");
            return null;
        }

        var map = MappingReader.Open(root, ScenarioSyntax.Document, diagnostics)!;
        var description = map.Get("description") is { } d && reader.TryText(d, "description", out var text) ? text : null;
        var device = ReadDevice(map, devices, reader);
        var fields = new FieldReader(reader, device, baseDirectory);
        var values = new Dictionary<string, FieldValue>(StringComparer.Ordinal);
        var sections = new Dictionary<string, SourceNode>(StringComparer.Ordinal);

        void Set(string path, SourceNode? node)
        {
            if (node is not null && fields.Read(path, node) is { } value)
            {
                values[path] = value;
            }
        }

        Set("ioctl", map.Get("ioctl"));
        Set("access", map.Get("access"));
        foreach (var section in new[] { "input", "output", "racer" })
        {
            if (map.Get(section) is not { } node)
            {
                continue;
            }

            sections[section] = node;
            var keys = section == "racer" ? ScenarioSyntax.Racer : ScenarioSyntax.BufferNamed(section);
            if (MappingReader.Open(node, keys, diagnostics) is { } sectionMap)
            {
                foreach (var key in keys.Keys)
                {
                    Set($"{section}.{key}", sectionMap.Get(key));
                }
            }
        }

        var repeat = 1u;
        if (map.Get("repeat") is { } repeatNode)
        {
            reader.TryUInt32(repeatNode, "repeat", 1, BufferLimits.MaxRepeat, out repeat);
        }

        var axisReader = new AxisReader(fields, reader);
        var axes = map.Get("vary") is { } varyNode ? axisReader.ReadVary(varyNode, values) : [];
        var excludes = ReadExcludes(map, axes, axisReader, reader);
        var expect = map.Get("expect") is { } expectNode ? ExpectReader.Read(expectNode, reader, device) : ExpectDraft.Empty;
        var overrides = ReadOverrides(map, axes, axisReader, reader, device);

        var variesIoctl = map.Get("vary") is SourceMapping vary && vary.Entries.Any(e => e.Key.Value == "ioctl");
        if (!map.HasOrMisspells("ioctl") && !variesIoctl)
        {
            diagnostics.Error(root, "missing 'ioctl'", "Name an IOCTL from the device profile, e.g. ioctl: IOCTL_SAMPLE_PING, or give its code.");
        }

        if (diagnostics.Count > 0 || device is null || expect is null)
        {
            return null;
        }

        return new ScenarioDraft
        {
            Id = id,
            File = diagnostics.File,
            Start = root.Start,
            Root = root,
            Description = description,
            Device = device,
            Fields = values,
            Sections = sections,
            Axes = axes,
            VaryNode = map.Get("vary"),
            Excludes = excludes,
            ExcludeNode = map.Get("exclude"),
            Expect = expect,
            Overrides = overrides,
            Repeat = repeat,
        };
    }

    private static DeviceProfile? ReadDevice(MappingReader map, DeviceProfileSet devices, ValueReader reader)
    {
        if (map.Get("device") is not { } node)
        {
            if (!map.Misspells("device"))
            {
                reader.Diagnostics.Error(map.Node, "missing 'device'", DeviceHint(devices));
            }

            return null;
        }

        if (!reader.TryText(node, "device", out var name))
        {
            return null;
        }

        if (devices.TryGet(name, out var profile))
        {
            return profile;
        }

        if (devices.IsBroken(name))
        {
            reader.Diagnostics.Error(node, BrokenProfileUses.Message(name), BrokenProfileUses.Hint);
        }
        else
        {
            reader.Diagnostics.Error(node, $"unknown device profile '{name}'",
                DidYouMean.Closest(name, devices.Names) is { } close ? $"Did you mean '{close}'?" : DeviceHint(devices));
        }

        return null;
    }

    private static string DeviceHint(DeviceProfileSet devices) =>
        devices.Names.Count == 0
            ? "No device profiles were loaded; put one in the scenarios/devices folder."
            : $"Known device profiles: {string.Join(", ", devices.Names)}.";

    private static List<AxisSelector> ReadExcludes(MappingReader map, IReadOnlyList<Axis> axes, AxisReader axisReader, ValueReader reader)
    {
        var excludes = new List<AxisSelector>();
        if (map.Get("exclude") is not { } node || !reader.TryList(node, "exclude", false, out var items))
        {
            return excludes;
        }

        foreach (var item in items)
        {
            if (axisReader.ReadSelector(item, axes, "exclude") is { } selector)
            {
                excludes.Add(selector);
            }
        }

        return excludes;
    }

    private static List<ExpectOverride> ReadOverrides(MappingReader map, IReadOnlyList<Axis> axes, AxisReader axisReader, ValueReader reader, DeviceProfile? device)
    {
        var overrides = new List<ExpectOverride>();
        if (map.Get("cases") is not { } node || !reader.TryList(node, "cases", false, out var items))
        {
            return overrides;
        }

        foreach (var item in items)
        {
            if (MappingReader.Open(item, ScenarioSyntax.Case, reader.Diagnostics) is not { } entry)
            {
                continue;
            }

            var whenNode = entry.Get("when");
            var expectNode = entry.Get("expect");
            if ((whenNode is null && entry.Misspells("when")) || (expectNode is null && entry.Misspells("expect")))
            {
                continue;
            }

            if (whenNode is null || expectNode is null)
            {
                reader.Diagnostics.Error(item, $"a 'cases' entry needs both 'when' and 'expect' (missing '{(whenNode is null ? "when" : "expect")}')");
                continue;
            }

            var when = axisReader.ReadSelector(whenNode, axes, "when");
            var expect = ExpectReader.Read(expectNode, reader, device);
            if (when is not null && expect is not null)
            {
                overrides.Add(new ExpectOverride(when, expect, item));
            }
        }

        return overrides;
    }
}
