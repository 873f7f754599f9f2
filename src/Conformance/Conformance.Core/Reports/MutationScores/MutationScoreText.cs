using System.Globalization;
using Conformance.Verdicts;

namespace Conformance.Reports.MutationScores;

/// <summary>The mutation score as the table `conformance selfcheck` prints.</summary>
public static class MutationScoreText
{
    /// <summary>Write the table: one line per variant, the cases that caught it on the next, the score last.</summary>
    public static void Write(TextWriter output, MutationScore score)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(score);
        output.WriteLine($"clean driver: {score.CleanFailures} failed case(s)");
        output.WriteLine($"{"variant",-32} {"caught",-6} {"failed",6} {"by",5}  categories (* fits the defect)");
        foreach (var variant in score.Variants)
        {
            string name = $"{variant.Number,2} {variant.Name}";
            string categories = variant.Categories.Count == 0 ? "-"
                : string.Join(", ", variant.Categories.Select(c => c.ToReportName() + (variant.FittingCategories.Contains(c) ? "*" : string.Empty)));
            output.WriteLine($"{name,-32} {(variant.Caught ? "yes" : "NO"),-6} {variant.FailedCases,6} {variant.CatchingCases.Count,5}  {categories}");
            if (variant.Caught)
            {
                output.WriteLine($"{string.Empty,35}caught by {FirstCases(variant)}");
            }
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"mutation score: {score.Caught}/{score.Total} variants caught ({Coverage.CoverageReport.PercentText(score.Percent)})"));
    }

    /// <summary>The first few catching case ids, and how many more there are.</summary>
    internal static string FirstCases(MutantOutcome variant) =>
        string.Join(", ", variant.CatchingCases.Take(MutationScore.NamedCases))
        + (variant.CatchingCases.Count > MutationScore.NamedCases ? $" (+{variant.CatchingCases.Count - MutationScore.NamedCases} more)" : string.Empty);
}
