using System.Text;
using System.Text.RegularExpressions;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// The initial bytes of a buffer: exact bytes, or a pattern repeated over the whole buffer, and the pointers the
/// target writes over them once it has placed the buffers.
/// </summary>
/// <param name="Kind">The content key it was written with (pattern, bytes, file, text), or "pointers" / "copies" when only those were given.</param>
/// <param name="Bytes">The bytes (one period, for a pattern).</param>
internal sealed partial record ContentSource(string Kind, byte[] Bytes)
{
    /// <summary>The pointers of <c>pointers:</c>, in the order written.</summary>
    public IReadOnlyList<PointerSlot> Pointers { get; init; } = [];

    /// <summary>The copies of <c>copies:</c> (bytes from earlier steps), in the order written.</summary>
    public IReadOnlyList<CopySlot> Copies { get; init; } = [];

    /// <summary>Its <c>name:</c>: what a case id shows when the content is a value of a vary axis.</summary>
    public string? Name { get; init; }

    public bool Repeats => Kind == "pattern";

    /// <summary>The bytes to place in a buffer of <paramref name="size"/> bytes.</summary>
    public byte[] Materialize(uint size)
    {
        if (!Repeats)
        {
            return Bytes;
        }

        var filled = new byte[size];
        for (var i = 0; i < filled.Length; i++)
        {
            filled[i] = Bytes[i % Bytes.Length];
        }

        return filled;
    }

    /// <summary>
    /// Reads <c>content:</c>: at most one of pattern, bytes, file, text, and pointers, and at least one of them all;
    /// an optional name.
    /// </summary>
    public static ContentSource? Read(SourceNode node, string buffer, string baseDirectory, ValueReader reader)
    {
        if (MappingReader.Open(node, ScenarioSyntax.Content, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var given = ScenarioSyntax.ContentBytes.Where(map.Has).ToList();
        if (given.Count > 1 || (given.Count == 0 && !map.Has("pointers") && !map.Has("copies")))
        {
            reader.Diagnostics.Error(node, given.Count == 0
                    ? $"{buffer}.content gives none of pattern, bytes, file, text, pointers, copies"
                    : $"{buffer}.content gives {string.Join(" and ", given)}; only one is allowed",
                "Write one of pattern, bytes, file or text, and pointers if the buffer carries addresses, copies if it carries bytes an earlier step returned.");
            return null;
        }

        var errorsBefore = reader.Diagnostics.Count;
        var name = map.Get("name") is { } nameNode ? ReadName(nameNode, buffer, reader) : null;
        var pointers = map.Get("pointers") is { } pointersNode
            ? PointerListReader.Read(pointersNode, $"{buffer}.content.pointers", reader)
            : [];
        var copies = map.Get("copies") is { } copiesNode
            ? CopyListReader.Read(copiesNode, $"{buffer}.content.copies", reader)
            : [];
        var content = given.Count == 0 ? new ContentSource(map.Has("pointers") ? "pointers" : "copies", []) : ReadBytes(map, given[0], buffer, baseDirectory, reader);
        return content is null || pointers is null || copies is null || reader.Diagnostics.Count > errorsBefore
            ? null
            : content with { Pointers = pointers, Copies = copies, Name = name };
    }

    private static ContentSource? ReadBytes(MappingReader map, string kind, string buffer, string baseDirectory, ValueReader reader)
    {
        var value = map.Get(kind)!;
        var what = $"{buffer}.content.{kind}";
        if (!reader.TryText(value, what, out var text))
        {
            return null;
        }

        switch (kind)
        {
            case "pattern" or "bytes":
                if (!HexBytes.TryParse(text, out var bytes, out var problem))
                {
                    reader.Diagnostics.Error(value, $"'{what}' {problem}", "Write hex byte pairs, e.g. \"DE AD BE EF\".");
                    return null;
                }

                if (kind == "pattern" && bytes.Length == 0)
                {
                    reader.Diagnostics.Error(value, $"'{what}' is empty", "A pattern needs at least one byte to repeat.");
                    return null;
                }

                return new ContentSource(kind, bytes);
            case "file":
                return ReadFile(value, what, text, baseDirectory, reader.Diagnostics);
            default:
                return new ContentSource(kind, Encoding.UTF8.GetBytes(text));
        }
    }

    private static string? ReadName(SourceNode node, string buffer, ValueReader reader)
    {
        if (!reader.TryText(node, $"{buffer}.content.name", out var name))
        {
            return null;
        }

        if (!NamePattern().IsMatch(name))
        {
            reader.Diagnostics.Error(node, $"content name '{name}' may hold only letters, digits and _ . + -",
                "It becomes part of case ids (input.content=NAME), where spaces, brackets, = , and # are not allowed.");
            return null;
        }

        return name;
    }

    private static ContentSource? ReadFile(SourceNode node, string what, string path, string baseDirectory, Diagnostics diagnostics)
    {
        if (Path.IsPathRooted(path))
        {
            diagnostics.Error(node, $"'{what}' path '{path}' is absolute", "Give it relative to the scenario file, so the tree can move.");
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                diagnostics.Error(node, $"content file '{path}' not found (looked for {full})");
                return null;
            }

            if (info.Length > BufferLimits.MaxSize)
            {
                diagnostics.Error(node, $"content file '{path}' is {info.Length} bytes, more than the largest buffer ({BufferLimits.MaxSize})");
                return null;
            }

            return new ContentSource("file", File.ReadAllBytes(full));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(node, $"content file '{path}' cannot be read: {e.Message}");
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.+-]+$")]
    private static partial Regex NamePattern();
}
