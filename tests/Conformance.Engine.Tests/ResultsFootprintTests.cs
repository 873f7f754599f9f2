namespace Conformance.Engine.Tests;

/// <summary>A nightly keeps many runs: the clean catalog's run folder stays at most 2 KB a case.</summary>
public sealed class ResultsFootprintTests
{
    [Test]
    public async Task TheCleanCatalogsRunFolderIsAtMostTwoKilobytesACase()
    {
        var settings = Repository.Settings();
        string folder;
        int cases;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            cases = run.Complete().Summary.Total;
            folder = run.Directory;
        }

        long bytes = new DirectoryInfo(folder).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);
        TestContext.Out.WriteLine($"{bytes} bytes for {cases} cases: {bytes / (double)cases:F0} bytes a case");
        Assert.That(bytes / (double)cases, Is.LessThanOrEqualTo(2048));
    }
}
