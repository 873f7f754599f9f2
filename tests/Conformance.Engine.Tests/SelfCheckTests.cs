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
}
