namespace Conformance.Scenarios;

/// <summary>
/// The check behind <c>conformance validate</c>: a scenario file, a folder of them, or a whole catalog, each
/// checked against the device profiles of the catalog it belongs to, found by itself.
/// </summary>
public static class ScenarioValidator
{
    /// <summary>Every error of the scenario tree under <paramref name="scenariosRoot"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ScenarioError> Validate(string scenariosRoot, ScenarioLoadOptions? options = null) =>
        ScenarioCatalog.Load(scenariosRoot, options).Errors;

    /// <summary>
    /// Every error of the scenarios at <paramref name="path"/> (a file, a folder, or a catalog root). The catalog is the
    /// nearest folder at or above <paramref name="path"/> that holds <c>devices/</c>; where there is none, the scenarios
    /// are checked against the device profiles of <paramref name="fallbackCatalog"/> (the repository's scenarios/).
    /// </summary>
    public static IReadOnlyList<ScenarioError> ValidatePath(string path, string? fallbackCatalog, ScenarioLoadOptions? options = null) =>
        LoadPath(path, fallbackCatalog, options).Errors;

    /// <summary>
    /// Load the scenarios at <paramref name="path"/> (a file, a folder, or a catalog root) as <see cref="ValidatePath"/>
    /// finds their catalog: what `run --scenarios FILE` runs (a fuzz finding, a reproducer copied elsewhere).
    /// </summary>
    public static LoadResult<ScenarioCatalog> LoadPath(string path, string? fallbackCatalog, ScenarioLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ScenarioLoadOptions();
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        bool isFile = File.Exists(full);
        if (!isFile && !Directory.Exists(full))
        {
            return LoadResult<ScenarioCatalog>.Failure([new ScenarioError(options.DisplayPath(full), 1, 1, "no such file or folder", "Pass a scenario file, a folder of scenarios, or the catalog root (the folder holding devices/).")]);
        }

        string start = isFile ? Path.GetDirectoryName(full)! : full;
        if (CatalogAbove(start) is { } root)
        {
            return ScenarioCatalog.Load(root, options with { Within = full == root ? null : full });
        }

        if (fallbackCatalog is null || !Directory.Exists(Path.Combine(fallbackCatalog, "devices")))
        {
            return LoadResult<ScenarioCatalog>.Failure([new ScenarioError(options.DisplayPath(full), 1, 1, "no devices/ folder at or above this path, and no repository catalog to borrow device profiles from",
                "Run inside the repository, or put the scenarios in a catalog (a folder holding devices/ with the device profiles).")]);
        }

        // Scenarios kept outside any catalog (a reproducer copied elsewhere, a draft): their own folder is their root.
        return ScenarioCatalog.Load(start, options with { DevicesDirectory = Path.Combine(fallbackCatalog, "devices"), Within = isFile ? full : null });
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding devices/ (a device profile folder itself counts as inside its catalog).</summary>
    private static string? CatalogAbove(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "devices")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
