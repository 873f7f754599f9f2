namespace Conformance.Scenarios;

/// <summary>Options for loading scenario trees.</summary>
public sealed record ScenarioLoadOptions
{
    /// <summary>
    /// Folder that error and provenance paths are made relative to (default: the working directory), so
    /// <c>scenarios/x.yaml:12:5</c> is a link an editor can open.
    /// </summary>
    public string DisplayRoot { get; init; } = Environment.CurrentDirectory;

    /// <summary>Device profile folder; null means <c>devices/</c> under the scenarios root.</summary>
    public string? DevicesDirectory { get; init; }

    /// <summary>
    /// Load only the scenario files at or under this path (a file or a folder inside the root); null for the whole tree.
    /// Device profiles are always loaded whole: scenarios anywhere below the root name them.
    /// </summary>
    public string? Within { get; init; }

    internal string DisplayPath(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(DisplayRoot, full);
        var shown = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        return shown.Replace('\\', '/');
    }
}
