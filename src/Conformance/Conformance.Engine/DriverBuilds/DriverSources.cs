namespace Conformance.Engine.DriverBuilds;

/// <summary>The .c files and header folders of a build, from the folders and files given.</summary>
public static class DriverSources
{
    /// <summary>Every .c directly inside each folder (sorted, as a build must not depend on directory order) and each file given.</summary>
    /// <exception cref="DriverBuildException">A path that is not there, a file that is not C, or no C file at all.</exception>
    public static IReadOnlyList<string> Find(IReadOnlyList<string> given)
    {
        ArgumentNullException.ThrowIfNull(given);
        var files = new List<string>();
        foreach (string path in given)
        {
            if (Directory.Exists(path))
            {
                var inFolder = Directory.EnumerateFiles(path, "*.c", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList();
                files.AddRange(inFolder.Count > 0 ? inFolder : throw new DriverBuildException($"'{path}' holds no .c file."));
            }
            else if (File.Exists(path))
            {
                files.Add(path.EndsWith(".c", StringComparison.OrdinalIgnoreCase)
                    ? path
                    : throw new DriverBuildException($"'{path}' is not a C source (.c); headers are found through the folders given and -I."));
            }
            else
            {
                throw new DriverBuildException($"'{path}' is not there.");
            }
        }

        return files.Count > 0 ? files.Distinct(StringComparer.Ordinal).ToList() : throw new DriverBuildException("no sources: give a driver folder or .c files.");
    }

    /// <summary>The folders of the sources, for their headers.</summary>
    public static IReadOnlyList<string> Folders(IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        return sources.Select(s => Path.GetDirectoryName(s) is { Length: > 0 } folder ? folder : ".").Distinct(StringComparer.Ordinal).ToList();
    }
}
