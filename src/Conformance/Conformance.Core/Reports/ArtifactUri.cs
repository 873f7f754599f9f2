namespace Conformance.Reports;

/// <summary>
/// Turns a scenario path as the loader shows it (relative to its display root, or absolute when outside it)
/// into a SARIF artifact URI relative to the repository root, which code-scanning dashboards need to link a
/// result to the file.
/// </summary>
internal static class ArtifactUri
{
    /// <summary>The URI, and whether it is relative to the repository root (true) or absolute (false).</summary>
    /// <param name="file">The scenario file as the loader showed it.</param>
    /// <param name="repositoryRoot">The root the URI is made relative to; null keeps <paramref name="file"/> as it is.</param>
    /// <param name="displayRoot">
    /// The folder the loader showed relative paths relative to. Never the working directory by assumption: the
    /// NUnit suite runs in its bin folder, so resolving there gave paths under bin/ that do not exist.
    /// </param>
    public static (string Uri, bool RelativeToRoot) For(string file, string? repositoryRoot, string? displayRoot)
    {
        string path = file;
        if (repositoryRoot is not null)
        {
            var full = Path.GetFullPath(file, Path.GetFullPath(displayRoot ?? repositoryRoot));
            var relative = Path.GetRelativePath(Path.GetFullPath(repositoryRoot), full);
            path = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        }

        if (Path.IsPathRooted(path))
        {
            return (new Uri(path).AbsoluteUri, false);
        }

        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s != ".")
            .Select(Uri.EscapeDataString);
        return (string.Join('/', segments), true);
    }

    /// <summary>The repository root as the file URI SARIF's originalUriBaseIds wants (with a trailing slash).</summary>
    public static string RootUri(string repositoryRoot)
    {
        var full = Path.GetFullPath(repositoryRoot);
        var uri = new Uri(full).AbsoluteUri;
        return uri.EndsWith('/') ? uri : uri + "/";
    }
}
