using Conformance.Scenarios.Expansion;
using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios;

/// <summary>
/// Loads one scenario file: read, check, expand. Strict and complete: it returns every error of the file, or a
/// scenario whose every case is valid; it never throws for bad input.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Loads the scenario at <paramref name="path"/>; its id is its path relative to <paramref name="scenariosRoot"/>.</summary>
    public static LoadResult<Scenario> LoadFile(string path, string scenariosRoot, DeviceProfileSet devices, ScenarioLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(devices);
        options ??= new ScenarioLoadOptions();
        var diagnostics = new Diagnostics(options.DisplayPath(path));
        var id = ScenarioIdOf(path, scenariosRoot);
        if (id.IndexOfAny(CaseIds.Reserved) >= 0 || id.Any(char.IsWhiteSpace))
        {
            diagnostics.Error(1, 1, $"file path '{id}' contains a character reserved in case ids ({string.Join(" ", CaseIds.Reserved)} or a space)",
                "Rename the file with letters, digits, '-', '_' and '.'.");
            return LoadResult<Scenario>.Failure(diagnostics.Sorted());
        }

        var bytes = FileBytes.TryRead(path, diagnostics);
        var root = bytes is null ? null : SourceTreeReader.Read(bytes, diagnostics);
        return Finish(root, id, Path.GetDirectoryName(Path.GetFullPath(path))!, devices, diagnostics);
    }

    /// <summary>
    /// Loads a scenario from text (a minimized reproducer, an editor buffer). <paramref name="baseDirectory"/>
    /// resolves <c>content: {file: ...}</c> paths.
    /// </summary>
    public static LoadResult<Scenario> LoadText(string yaml, string scenarioId, string displayPath, string baseDirectory, DeviceProfileSet devices)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(devices);
        var diagnostics = new Diagnostics(displayPath);
        var root = SourceTreeReader.ReadText(yaml, diagnostics);
        return Finish(root, scenarioId, baseDirectory, devices, diagnostics);
    }

    /// <summary>The scenario id of a file: its path under the root, '/'-separated, without .yaml.</summary>
    public static string ScenarioIdOf(string path, string scenariosRoot)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(scenariosRoot), Path.GetFullPath(path)).Replace('\\', '/');
        return relative.EndsWith(".yaml", StringComparison.Ordinal) ? relative[..^".yaml".Length] : relative;
    }

    private static LoadResult<Scenario> Finish(SourceNode? root, string id, string baseDirectory, DeviceProfileSet devices, Diagnostics diagnostics)
    {
        if (root is not null
            && ScenarioParser.Parse(root, id, baseDirectory, devices, diagnostics) is { } draft
            && ScenarioExpander.Expand(draft, diagnostics) is { } scenario
            && diagnostics.Count == 0)
        {
            return LoadResult<Scenario>.Success(scenario);
        }

        return LoadResult<Scenario>.Failure(diagnostics.Sorted());
    }
}
