using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads the value of one scenario field by its dotted path. The same reader serves values written in the
/// scenario body, in <c>vary:</c> lists and in <c>when:</c>/<c>exclude:</c> selectors, so all three accept
/// exactly the same spellings.
/// </summary>
internal sealed class FieldReader(ValueReader reader, DeviceProfile? device, string baseDirectory)
{
    /// <summary>References a buffer's declared_length may use; <c>size</c> is the buffer's own size.</summary>
    private static readonly IReadOnlyList<string> DeclaredLengthReferences = ["size", "input.size", "output.size"];

    public FieldValue? Read(string path, SourceNode node)
    {
        var dot = path.IndexOf('.', StringComparison.Ordinal);
        var (section, field) = dot < 0 ? (path, "") : (path[..dot], path[(dot + 1)..]);
        object? value = section switch
        {
            "ioctl" => ReadIoctl(node),
            "access" => Name(node, path, ScenarioSyntax.HandleAccesses),
            "input" or "output" => ReadBufferField(section, field, path, node),
            "racer" => ReadRacerField(field, path, node),
            _ => throw new ArgumentException($"no reader for field '{path}'", nameof(path)),
        };
        return value is null ? null : new FieldValue(path, value, TextOf(value, node), node);
    }

    /// <summary>What a case id shows for a value: the scalar as written, a pointer's canonical aim, a content's name.</summary>
    private static string TextOf(object value, SourceNode node) => value switch
    {
        PointerAim aim => aim.ToString(),
        ContentSource content => content.Name ?? "",
        _ => (node as SourceScalar)?.Value ?? "",
    };

    private object? ReadBufferField(string buffer, string field, string path, SourceNode node) => field switch
    {
        _ when field.StartsWith("pointer@", StringComparison.Ordinal) => PointerAim.TryRead(node, path, reader, out var aim) ? aim : null,
        "size" => Number(node, path, 0, BufferLimits.MaxSize),
        "state" => Name(node, path, ScenarioSyntax.BufferStates),
        "offset" => Offset(node, path),
        "fill" => Number(node, path, 0, byte.MaxValue) is uint fill ? (byte)fill : null,
        "declared_length" => LengthExpression.TryRead(node, path, DeclaredLengthReferences, BufferLimits.MaxDeclaredLength, reader, out var length) ? length : null,
        "content" => ContentSource.Read(node, buffer, baseDirectory, reader),
        _ => throw new ArgumentException($"no reader for field '{path}'", nameof(path)),
    };

    private object? ReadRacerField(string field, string path, SourceNode node) => field switch
    {
        "kind" => Name(node, path, ScenarioSyntax.RacerKinds),
        "target" => Name(node, path, ScenarioSyntax.RacerTargets),
        "offset" or "length" => Number(node, path, 0, BufferLimits.MaxSize),
        "period_ns" => Number(node, path, 0, BufferLimits.MaxPeriodNs),
        _ => throw new ArgumentException($"no reader for field '{path}'", nameof(path)),
    };

    private uint? Number(SourceNode node, string path, uint min, uint max) =>
        reader.TryUInt32(node, path, min, max, out var value) ? value : null;

    private object? Name<T>(SourceNode node, string path, NameTable<T> table)
        where T : notnull => reader.TryName(node, path, table, out var value) ? value : null;

    private uint? Offset(SourceNode node, string path)
    {
        if (!reader.TryUInt32(node, path, 0, uint.MaxValue, out var offset))
        {
            return null;
        }

        if (offset >= BufferLimits.PageSize)
        {
            reader.Diagnostics.Error(node, $"'{path}' {offset} is not inside a page (0..{BufferLimits.PageSize - 1})",
                "The offset places the buffer's start inside its first page; use a larger size to move further.");
            return null;
        }

        return offset;
    }

    private IoctlDefinition? ReadIoctl(SourceNode node)
    {
        if (node is SourceMapping)
        {
            return ReadInlineIoctl(node);
        }

        if (!reader.TryScalar(node, "ioctl", out var scalar))
        {
            return null;
        }

        if (scalar.IsPlain && ScalarNumber.LooksNumeric(scalar.Value))
        {
            return reader.TryUInt32(node, "ioctl", 0, uint.MaxValue, out var raw) ? ForCode(new ControlCode(raw), null) : null;
        }

        if (device is null)
        {
            // The device error is already reported; a second one about the IOCTL would only repeat it.
            return null;
        }

        if (device.FindIoctl(scalar.Value) is { } ioctl)
        {
            return ioctl;
        }

        reader.Diagnostics.Error(node, $"unknown IOCTL '{scalar.Value}' in device profile '{device.Name}'",
            DidYouMean.Hint(scalar.Value, [.. device.Ioctls.Select(i => i.Name)]));
        return null;
    }

    private IoctlDefinition? ReadInlineIoctl(SourceNode node)
    {
        if (MappingReader.Open(node, ScenarioSyntax.InlineIoctl, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        return ControlCodeReader.Read(map, device?.DeviceType, reader, "inline IOCTL") is { } code
            ? ForCode(code, map.Has("code") ? null : code.ToMacroString())
            : null;
    }

    /// <summary>A code the profile knows keeps its name and documented sizes; others get a synthesised entry.</summary>
    private IoctlDefinition ForCode(ControlCode code, string? macroName) =>
        device?.FindIoctl(code) ?? new IoctlDefinition(macroName ?? code.ToString(), code, null, null, null);
}
