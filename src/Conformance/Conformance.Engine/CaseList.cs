namespace Conformance.Engine;

/// <summary>
/// A file of exact case ids (<c>--filter @FILE</c>): one id per line, blank lines and lines starting with # ignored.
/// Used where a substring cannot say which cases are meant, e.g. the subset of the catalog Wine can judge
/// (scenarios/wine/judgeable-cases.txt).
/// </summary>
public static class CaseList
{
    /// <summary>The ids of <paramref name="path"/> with their line numbers; throws <see cref="CaseSelectionException"/> when it cannot be read.</summary>
    public static IReadOnlyList<(string Id, int Line)> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new CaseSelectionException($"cannot read the case list '{path}': {error.Message}");
        }

        var ids = new List<(string, int)>();
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                ids.Add((line, i + 1));
            }
        }

        return ids;
    }
}

/// <summary>The case selection cannot be made (an unreadable list, an id the catalog does not have).</summary>
public sealed class CaseSelectionException(string message) : Exception(message);
