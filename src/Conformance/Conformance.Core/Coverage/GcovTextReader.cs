using System.Globalization;

namespace Conformance.Coverage;

/// <summary>One source file as gcov's text output shows it: the path as compiled, and its lines.</summary>
/// <param name="Source">The path after "Source:" (as the compiler was given it: relative to the folder it ran in, or absolute).</param>
/// <param name="Lines">Every line of the file in order.</param>
public sealed record GcovSource(string Source, IReadOnlyList<CoveredLine> Lines);

/// <summary>
/// Reads the text gcov writes with <c>-b -c -t</c> (gcc's gcov, and <c>llvm-cov gcov</c>, which writes the same
/// format): a "Source:" header per file, then "COUNT:LINE:TEXT" rows, each followed by "branch N taken M" or
/// "branch N never executed" rows for its branch outcomes. COUNT is "-" for a line with no code, "#####" (also
/// "=====", "$$$$$", "%%%%%") for one that never ran, else a number, with "*" when some of its blocks never ran.
/// A header file inlined into several sources comes once per source: its lines are merged (counts summed, a
/// branch outcome taken in any copy is taken).
/// </summary>
public static class GcovTextReader
{
    /// <summary>The files in <paramref name="text"/>, in order of first appearance.</summary>
    public static IReadOnlyList<GcovSource> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var files = new Dictionary<string, SortedDictionary<int, LineBuilder>>(StringComparer.Ordinal);
        var order = new List<string>();
        SortedDictionary<int, LineBuilder>? current = null;
        LineBuilder? last = null;
        int branchIndex = 0;
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.StartsWith("branch ", StringComparison.Ordinal))
            {
                last?.AddBranch(branchIndex++, !line.Contains("never executed", StringComparison.Ordinal) && TakenCount(line) > 0);
                continue;
            }

            if (!TrySplitRow(line, out string count, out int number, out string source))
            {
                continue; // "function ... called", "call N returned": not line data
            }

            if (number == 0)
            {
                if (source.StartsWith("Source:", StringComparison.Ordinal))
                {
                    string path = source["Source:".Length..];
                    if (!files.TryGetValue(path, out current))
                    {
                        files[path] = current = [];
                        order.Add(path);
                    }
                }

                last = null;
                continue;
            }

            if (current is null)
            {
                continue;
            }

            if (!current.TryGetValue(number, out last))
            {
                current[number] = last = new LineBuilder(source);
            }

            last.AddCount(count);
            branchIndex = 0;
        }

        return [.. order.Select(path => new GcovSource(path, [.. files[path].Select(l => l.Value.Build(l.Key))]))];
    }

    // "        5*:   12:    if (x)" -> count "5*", line 12, text "    if (x)".
    private static bool TrySplitRow(string line, out string count, out int number, out string text)
    {
        count = text = string.Empty;
        number = 0;
        int first = line.IndexOf(':', StringComparison.Ordinal);
        int second = first < 0 ? -1 : line.IndexOf(':', first + 1);
        if (second < 0 || !int.TryParse(line.AsSpan(first + 1, second - first - 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out number))
        {
            return false;
        }

        count = line[..first].Trim();
        text = line[(second + 1)..];
        return count.Length > 0;
    }

    // "branch  0 taken 12 (fallthrough)" -> 12.
    private static long TakenCount(string line)
    {
        int taken = line.IndexOf("taken ", StringComparison.Ordinal);
        if (taken < 0)
        {
            return 0;
        }

        var digits = line.AsSpan(taken + "taken ".Length);
        int end = 0;
        while (end < digits.Length && char.IsAsciiDigit(digits[end]))
        {
            end++;
        }

        return long.TryParse(digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out long value) ? value : 0;
    }

    private sealed class LineBuilder(string text)
    {
        private readonly List<bool> branches = [];
        private long? count;

        public void AddCount(string field)
        {
            if (field == "-")
            {
                return;
            }

            string digits = field.TrimEnd('*');
            long value = long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long n) ? n : 0; // #####, =====: never ran
            count = (count ?? 0) + value;
        }

        public void AddBranch(int index, bool taken)
        {
            if (index < branches.Count)
            {
                branches[index] |= taken;
            }
            else
            {
                branches.Add(taken);
            }
        }

        public CoveredLine Build(int number) => new(number, text, count, branches.Count, branches.Count(b => b));
    }
}
