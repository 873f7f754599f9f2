using System.Globalization;
using System.Text;
using Conformance.Scenarios;

namespace Conformance.Engine.Generation;

/// <summary>One generated scenario file, built line by line so its comments sit where a reader needs them.</summary>
internal sealed class ScenarioWriter
{
    private readonly StringBuilder text = new();
    private readonly List<string> cases = [];

    public ScenarioWriter(string schemaPath, string comment, string description, DeviceProfile device, IoctlDefinition ioctl)
    {
        text.Append("# yaml-language-server: $schema=").Append(schemaPath).Append('\n');
        foreach (var line in comment.Split('\n'))
        {
            text.Append("# ").Append(line).Append('\n');
        }

        Line($"description: {Quote(description)}");
        Line($"device: {device.Name}");
        Line($"ioctl: {ioctl.Name}");
    }

    /// <summary>Appends one line (no newline in <paramref name="line"/>).</summary>
    public ScenarioWriter Line(string line)
    {
        text.Append(line).Append('\n');
        return this;
    }

    /// <summary>A <c>cases:</c> entry: when <paramref name="when"/> (flow mapping body), expect <paramref name="expect"/>; comment after it.</summary>
    public ScenarioWriter Case(string when, string expect, string why)
    {
        cases.Add($"  - when: {{ {when} }}   # {why}\n    expect: {{ {expect} }}");
        return this;
    }

    /// <summary>
    /// The output is the target of the input's pointer fields (profile <c>input.pointers</c>): what the driver writes
    /// through them lands there, so bytes past Information are not judged.
    /// </summary>
    public bool OutputIsPointerTarget { get; set; }

    /// <summary>Expectations beyond the defaults, one <c>key: value</c> each (<see cref="IoctlPlan.ExpectParts"/>).</summary>
    public IReadOnlyList<string> Expect { get; set; } = [];

    /// <summary>The file's text; the safety expectations all default to true, the time limit is written out.</summary>
    public override string ToString()
    {
        var all = new StringBuilder(text.ToString());
        all.Append("expect:   # alive, no kernel write/read/poison, nothing past the buffer changed, the access-trace rules: all default on\n")
            .Append("  time_limit_ms: 5000\n");
        foreach (var line in Expect)
        {
            all.Append("  ").Append(line).Append('\n');
        }

        if (OutputIsPointerTarget)
        {
            all.Append("  output_untouched_past_information: false   # the input's pointer fields aim at the output: the driver writes there\n");
        }

        if (cases.Count > 0)
        {
            all.Append("cases:\n");
            foreach (var entry in cases)
            {
                all.Append(entry).Append('\n');
            }
        }

        return all.ToString();
    }

    /// <summary>A YAML flow list of numbers.</summary>
    public static string List(IEnumerable<uint> values) => "[" + string.Join(", ", values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>A YAML flow list of words.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values) + "]";

    /// <summary>Hex for a length that is a boundary value, decimal otherwise.</summary>
    public static string Hex(uint value) => $"0x{value:X}";

    public static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
