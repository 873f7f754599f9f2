namespace Conformance.Scenarios;

/// <summary>
/// A whole scenario tree, loaded and expanded: <c>devices/</c> holds the device profiles, <c>schema/</c> the JSON
/// Schema, and every other <c>*.yaml</c> file below the root is a scenario. Loading is all or nothing: one bad
/// file fails the catalog, with every error of every file.
/// </summary>
public sealed class ScenarioCatalog
{
    private readonly Dictionary<string, ScenarioCase> _byId;

    private ScenarioCatalog(string root, IReadOnlyList<DeviceProfile> devices, IReadOnlyList<Scenario> scenarios)
    {
        Root = root;
        Devices = devices;
        Scenarios = scenarios;
        Cases = [.. scenarios.SelectMany(s => s.Cases)];
        _byId = Cases.ToDictionary(c => c.Id, StringComparer.Ordinal);
    }

    /// <summary>The scenarios root (full path).</summary>
    public string Root { get; }

    /// <summary>The device profiles, sorted by name.</summary>
    public IReadOnlyList<DeviceProfile> Devices { get; }

    /// <summary>The scenarios, sorted by id.</summary>
    public IReadOnlyList<Scenario> Scenarios { get; }

    /// <summary>Every case of every scenario, in scenario order then case order.</summary>
    public IReadOnlyList<ScenarioCase> Cases { get; }

    /// <summary>The case with this id, or null.</summary>
    public ScenarioCase? FindCase(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Loads, validates and expands the tree under <paramref name="scenariosRoot"/>.</summary>
    public static LoadResult<ScenarioCatalog> Load(string scenariosRoot, ScenarioLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenariosRoot);
        options ??= new ScenarioLoadOptions();
        var root = Path.GetFullPath(scenariosRoot);
        if (!Directory.Exists(root))
        {
            return LoadResult<ScenarioCatalog>.Failure([new ScenarioError(options.DisplayPath(root), 1, 1, "scenarios folder not found", null)]);
        }

        var devicesDirectory = Path.GetFullPath(options.DevicesDirectory ?? Path.Combine(root, "devices"));
        var devices = DeviceProfileSet.LoadDirectory(devicesDirectory, options);
        var errors = new List<ScenarioError>(devices.Errors);
        var scenarios = new List<Scenario>();
        var within = options.Within is { } only ? Path.TrimEndingDirectorySeparator(Path.GetFullPath(only)) : root;
        foreach (var result in LoadFiles([.. ScenarioFiles(root, devicesDirectory, within)], root, devices, options))
        {
            errors.AddRange(result.Errors);
            if (result.Value is { } scenario)
            {
                scenarios.Add(scenario);
            }
        }

        // Ids are unique by construction (file path + distinct axis values); checked so a future change cannot break it silently.
        foreach (var duplicate in scenarios.SelectMany(s => s.Cases).GroupBy(c => c.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = duplicate.First().Provenance.Scenario;
            errors.Add(new ScenarioError(first.File, first.Line, first.Column, $"case id '{duplicate.Key}' is not unique", null));
        }

        return errors.Count > 0
            ? LoadResult<ScenarioCatalog>.Failure(BrokenProfileUses.Fold(errors, devices.BrokenNames))
            : LoadResult<ScenarioCatalog>.Success(new ScenarioCatalog(root, devices.Profiles, scenarios));
    }

    /// <summary>
    /// Parse and expand every file; files are independent (the device profiles are only read), so they load
    /// side by side. Results come back in file order, so cases and errors are in the same order on every run.
    /// </summary>
    private static LoadResult<Scenario>[] LoadFiles(string[] files, string root, DeviceProfileSet devices, ScenarioLoadOptions options)
    {
        var results = new LoadResult<Scenario>[files.Length];
        Parallel.For(0, files.Length, i => results[i] = files[i].EndsWith(".yml", StringComparison.Ordinal)
            ? LoadResult<Scenario>.Failure([new ScenarioError(options.DisplayPath(files[i]), 1, 1, "scenario files end in .yaml, not .yml", "Rename the file so it is loaded.")])
            : ScenarioLoader.LoadFile(files[i], root, devices, options));
        return results;
    }

    /// <summary>
    /// Scenario candidates at or under <paramref name="within"/> (the root, a folder in it, or one file), in ordinal
    /// path order, so case order is the same on every machine.
    /// </summary>
    private static IEnumerable<string> ScenarioFiles(string root, string devicesDirectory, string within)
    {
        var skipped = new[] { devicesDirectory, Path.Combine(root, "devices"), Path.Combine(root, "schema") };
        IEnumerable<string> candidates = File.Exists(within)
            ? [within]
            : Directory.EnumerateFiles(within, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 });
        return candidates
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Where(f => !skipped.Any(s => f.StartsWith(s + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            .OrderBy(f => Path.GetRelativePath(root, f).Replace('\\', '/'), StringComparer.Ordinal);
    }
}
