using Conformance.Running;
using System.Text.RegularExpressions;

namespace Conformance.Engine;

/// <summary>
/// Keeps a results root from growing without bound (a 14k-case run leaves tens of MB of journal): only the newest
/// run folders stay. A run folder is a folder named like a run id (<c>yyyyMMdd-HHmmss-fff-target…</c>) holding a
/// journal; nothing else under the root is touched (latest, READMEs, selfcheck-… folders, a user's own files).
/// </summary>
public static partial class ResultsRetention
{
    /// <summary>The default number of run folders kept by <c>conformance run</c>.</summary>
    public const int DefaultKeep = 20;

    /// <summary>
    /// Delete all but the newest <paramref name="keep"/> run folders under <paramref name="resultsRoot"/> (0 keeps all).
    /// <paramref name="current"/> (the run being written) and the run latest points at are never deleted.
    /// Returns the folders deleted.
    /// </summary>
    public static IReadOnlyList<string> Prune(string resultsRoot, int keep, string current)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        if (keep == 0 || !Directory.Exists(resultsRoot))
        {
            return [];
        }

        var spared = new HashSet<string>(StringComparer.Ordinal) { Path.GetFileName(Path.TrimEndingDirectorySeparator(current)) };
        if (LatestRun(resultsRoot) is { } latest)
        {
            spared.Add(latest);
        }

        // Run ids start with their UTC start time, so the ordinal order of the names is the order the runs started.
        var runs = Directory.EnumerateDirectories(resultsRoot)
            .Where(IsRunFolder)
            .OrderByDescending(Path.GetFileName, StringComparer.Ordinal)
            .ToList();
        var deleted = new List<string>();
        foreach (string folder in runs.Skip(keep).Where(f => !spared.Contains(Path.GetFileName(f))))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
                deleted.Add(folder);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another process still writes there (a run in progress holds its journal): it stays for next time.
            }
        }

        return deleted;
    }

    /// <summary>A folder the engine made for one run: a run id as its name, a journal inside, and not a link.</summary>
    public static bool IsRunFolder(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var info = new DirectoryInfo(path);
        return info.Exists && info.LinkTarget is null && RunIdPattern().IsMatch(info.Name) && JournalArchive.Exists(Path.Combine(path, ConformanceRun.JournalFile));
    }

    // results/latest is a link to the run (or latest.txt holding its id where links cannot be made).
    private static string? LatestRun(string resultsRoot)
    {
        string latest = Path.Combine(resultsRoot, "latest");
        if (new DirectoryInfo(latest).LinkTarget is { } target)
        {
            return Path.GetFileName(Path.TrimEndingDirectorySeparator(target));
        }

        return File.Exists(latest + ".txt") ? File.ReadAllText(latest + ".txt").Trim() : null;
    }

    [GeneratedRegex(@"^\d{8}-\d{6}-\d{3}-[a-z]+(-v\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdPattern();
}
