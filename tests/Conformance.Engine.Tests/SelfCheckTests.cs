namespace Conformance.Engine.Tests;

/// <summary>The catalog passes on the clean driver and catches every seeded defect for the right reason.</summary>
[TestFixture]
public sealed class SelfCheckTests
{
    [Test]
    public async Task CleanDriverPassesAndEveryVariantIsCaughtWithAFittingCategory()
    {
        var report = await SelfCheck.RunAsync(Repository.Settings(), CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(report.CleanFailures, Is.Zero);
            Assert.That(report.Variants, Has.Count.EqualTo(20));
            foreach (var row in report.Variants)
            {
                Assert.That(row.Caught, Is.True,
                    $"{row.Defect.Name}: {row.FailedCases} failed, categories [{string.Join(", ", row.Categories)}], wanted one of [{string.Join(", ", row.Defect.FittingCategories)}]");
            }

            // The access-trace variants are seen by their own category and by nothing else.
            foreach (var row in report.Variants.Where(v => v.Defect.Number >= 17))
            {
                Assert.That(row.Categories, Is.EqualTo(row.Defect.FittingCategories), row.Defect.Name);
            }
        });
    }

    [Test]
    public async Task TheMutationScoreIsWrittenAsAPageAndJsonBesideTheRuns()
    {
        // One scenario: quick, and it catches some variants and not others.
        var settings = Repository.Settings(filter: "conformance-sample/neither-transform[");
        var report = await SelfCheck.RunAsync(settings, CancellationToken.None);
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(report.ResultsRoot, SelfCheck.JsonFile)));
        var score = json.RootElement.GetProperty("score");
        string page = File.ReadAllText(report.HtmlPage);
        var caught = report.Variants.Where(v => v.Caught).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(caught, Is.Not.Empty.And.Count.LessThan(report.Variants.Count));
            Assert.That((score.GetProperty("caught").GetInt32(), score.GetProperty("total").GetInt32()), Is.EqualTo((caught.Count, 20)));
            Assert.That(report.Score.Caught, Is.EqualTo(caught.Count));
            foreach (var row in report.Variants)
            {
                Assert.That(row.CatchingCases, Has.Count.LessThanOrEqualTo(row.FailedCases), row.Defect.Name);
                Assert.That(row.CatchingCases, Is.Empty.Or.All.StartsWith("conformance-sample/neither-transform["), row.Defect.Name);
                Assert.That(File.Exists(Path.Combine(row.RunDirectory, "report.html")), Is.True, row.Defect.Name);
            }

            Assert.That(page, Does.Contain($"{caught.Count}/20").And.Contain($"href=\"{Path.GetFileName(caught[0].RunDirectory)}/report.html\""));
        }
    }
}
