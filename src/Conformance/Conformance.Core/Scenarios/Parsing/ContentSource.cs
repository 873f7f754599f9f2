using System.Text;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>The initial bytes of a buffer: exact bytes, or a pattern repeated over the whole buffer.</summary>
/// <param name="Kind">The content key it was written with (pattern, bytes, file, text).</param>
/// <param name="Bytes">The bytes (one period, for a pattern).</param>
internal sealed record ContentSource(string Kind, byte[] Bytes)
{
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

    /// <summary>Reads <c>content:</c>, which must hold exactly one of pattern, bytes, file, text.</summary>
    public static ContentSource? Read(SourceNode node, string buffer, string baseDirectory, ValueReader reader)
    {
        if (MappingReader.Open(node, ScenarioSyntax.Content, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var given = ScenarioSyntax.Content.Keys.Where(map.Has).ToList();
        if (given.Count != 1)
        {
            reader.Diagnostics.Error(node, given.Count == 0
                    ? $"{buffer}.content gives none of pattern, bytes, file, text"
                    : $"{buffer}.content gives {string.Join(" and ", given)}; only one is allowed",
                "Write exactly one of pattern, bytes, file or text.");
            return null;
        }

        var kind = given[0];
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
}
