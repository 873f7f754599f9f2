using System.Text.Json;

namespace Conformance.Engine.DriverBuilds;

/// <summary>
/// How `build-driver` built a library, kept beside it as LIBRARY.build.json, so `run --coverage` can build the same
/// driver again with coverage (docs/coverage.md) without being told its sources. Paths are absolute: the run may
/// start from another folder.
/// </summary>
public static class DriverBuildRecipe
{
    /// <summary>The recipe file of <paramref name="library"/>.</summary>
    public static string PathFor(string library) => library + ".build.json";

    /// <summary>Write the recipe of a build that succeeded.</summary>
    public static void Write(DriverBuildRequest request, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sources);
        using var stream = File.Create(PathFor(Path.GetFullPath(request.Output)));
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("built_by", "conformance build-driver");
        WriteList(json, "sources", sources.Select(Path.GetFullPath));
        json.WriteString("shim_include", Path.GetFullPath(request.ShimInclude));
        WriteList(json, "defines", request.Defines);
        WriteList(json, "include_directories", request.IncludeDirectories.Select(Path.GetFullPath));
        json.WriteBoolean("warnings_as_errors", request.WarningsAsErrors);
        json.WriteBoolean("access_trace", request.AccessTrace);
        if (request.Compiler is { } compiler)
        {
            json.WriteString("compiler", compiler);
        }

        json.WriteEndObject();
    }

    /// <summary>The request that built <paramref name="library"/>, writing to <paramref name="output"/> instead; null when it has no recipe.</summary>
    /// <exception cref="DriverBuildException">The recipe cannot be read.</exception>
    public static DriverBuildRequest? Read(string library, string output)
    {
        string path = PathFor(library);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return new DriverBuildRequest
            {
                Sources = List(root, "sources"),
                Output = output,
                ShimInclude = root.GetProperty("shim_include").GetString()!,
                Defines = List(root, "defines"),
                IncludeDirectories = List(root, "include_directories"),
                WarningsAsErrors = root.GetProperty("warnings_as_errors").GetBoolean(),
                AccessTrace = root.GetProperty("access_trace").GetBoolean(),
                Compiler = root.TryGetProperty("compiler", out var compiler) ? compiler.GetString() : null,
            };
        }
        catch (Exception error) when (error is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new DriverBuildException($"{path}: not a build recipe ({error.Message}); build the driver again with `conformance build-driver`.");
        }
    }

    private static void WriteList(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (string value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static List<string> List(JsonElement root, string name) =>
        [.. root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
