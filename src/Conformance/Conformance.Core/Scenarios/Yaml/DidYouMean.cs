namespace Conformance.Scenarios.Yaml;

/// <summary>Suggests the closest known name for a misspelt one (edit distance), the way compilers do.</summary>
internal static class DidYouMean
{
    /// <summary>The closest candidate within a distance that still looks like a typo, or null.</summary>
    public static string? Closest(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Distance(input.ToUpperInvariant(), candidate.ToUpperInvariant());
            if (distance < bestDistance)
            {
                (best, bestDistance) = (candidate, distance);
            }
        }

        // Short names tolerate one slip, longer ones a few; beyond that a suggestion misleads more than it helps.
        return best is not null && bestDistance <= Math.Max(1, Math.Min(4, best.Length / 3)) ? best : null;
    }

    /// <summary>A hint for an unknown name: the closest match, else the full list when it is short.</summary>
    public static string? Hint(string input, IReadOnlyCollection<string> candidates)
    {
        if (Closest(input, candidates) is { } close)
        {
            return $"Did you mean '{close}'?";
        }

        return candidates.Count is > 0 and <= 16 ? $"Expected one of: {string.Join(", ", candidates)}." : null;
    }

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
