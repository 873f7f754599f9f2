using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Conformance.Tests.Scenarios;

/// <summary>
/// The error a broken corpus file must produce, declared in its first line:
/// <c># expect: LINE:COL message fragment</c>. Keeping it beside the YAML keeps each case readable on its own.
/// </summary>
internal sealed partial record CorpusExpectation(long Line, long Column, string Fragment)
{
    public static CorpusExpectation Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var firstLine = Encoding.Latin1.GetString(bytes).Split('\n')[0].TrimEnd('\r');
        var match = ExpectPattern().Match(firstLine);
        if (!match.Success)
        {
            throw new InvalidDataException($"{path}: first line must be '# expect: LINE:COL fragment', got '{firstLine}'");
        }

        return new CorpusExpectation(
            long.Parse(match.Groups["line"].Value, CultureInfo.InvariantCulture),
            long.Parse(match.Groups["col"].Value, CultureInfo.InvariantCulture),
            match.Groups["fragment"].Value.Trim());
    }

    /// <summary>The *.yaml files of a corpus folder, as NUnit test cases named after the file.</summary>
    public static IEnumerable<TestCaseData> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(Path.GetRelativePath(folder, f)));

    [GeneratedRegex(@"^# expect: (?<line>\d+):(?<col>\d+) (?<fragment>.+)$")]
    private static partial Regex ExpectPattern();
}
