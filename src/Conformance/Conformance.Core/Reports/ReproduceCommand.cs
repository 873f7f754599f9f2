using System.Globalization;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// Which cases get a reproducer scenario in results/&lt;run&gt;/repro/, what it is called, and the command that
/// replays it: one rule for the writer of the files (Conformance.Engine's ReproducerSet), the CLI's closing line
/// and the HTML report, so the command a report shows always names a file that was written.
/// </summary>
public static class ReproduceCommand
{
    /// <summary>Failing and erroring cases that were fired get a reproducer; blocked ones were never called.</summary>
    public static bool HasReproducer(CaseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Verdict is CaseVerdict.Fail or CaseVerdict.Error && result.Outcome is not null;
    }

    /// <summary>
    /// The reproducer's scenario id (and file name without .yaml) of the <paramref name="number"/>th case with one,
    /// counting from 1 in run order. Case ids hold [ ] = , # which file names may not: numbered, the id is inside.
    /// </summary>
    public static string ScenarioId(int number) => string.Create(CultureInfo.InvariantCulture, $"case-{number:D5}");

    /// <summary>The reproducer number of each case that has one, by result index.</summary>
    public static IReadOnlyDictionary<int, int> Numbers(IReadOnlyList<CaseResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var numbers = new Dictionary<int, int>();
        for (int index = 0; index < results.Count; index++)
        {
            if (HasReproducer(results[index]))
            {
                numbers[index] = numbers.Count + 1;
            }
        }

        return numbers;
    }

    /// <summary>
    /// `conformance run --scenarios &lt;run&gt;/repro ...` with the options that make it the same driver (variant,
    /// driver, target); null when the run's folder is unknown.
    /// </summary>
    public static string? ForRun(RunResult run)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (run.Invocation.RunDirectory is not { } directory)
        {
            return null;
        }

        var options = run.Invocation;
        string target = run.Target.Name == "simulator" ? "" : $" --target {run.Target.Name}";
        string variant = options.DefectVariant != 0 ? string.Create(CultureInfo.InvariantCulture, $" --defect-variant {options.DefectVariant}") : "";
        string driver = options.DriverPath is { } path ? $" --driver {Quoted(path)}" : "";
        return $"conformance run --scenarios {Quoted(directory.TrimEnd('/') + "/repro")}{target}{variant}{driver}";
    }

    /// <summary>The command replaying only reproducer <paramref name="number"/>; null when the run's folder is unknown.</summary>
    public static string? ForCase(RunResult run, int number) =>
        ForRun(run) is { } command ? $"{command} --filter {ScenarioId(number)}" : null;

    /// <summary>A path as a shell word: quoted only when it has to be.</summary>
    private static string Quoted(string path) =>
        path.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '&' or ';' or '|' or '(' or ')' or '<' or '>' or '*' or '?')
            ? "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
            : path;
}
