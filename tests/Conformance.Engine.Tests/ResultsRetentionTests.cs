namespace Conformance.Engine.Tests;

/// <summary>--keep N: the newest N run folders stay; the current run, latest and anything that is not a run folder always stay.</summary>
public sealed class ResultsRetentionTests
{
    [Test]
    public void OnlyTheNewestRunFoldersStay()
    {
        var root = ResultsWith("20250101-000000-000-simulator", "20250102-000000-000-simulator-v3", "20250103-000000-000-windows", "20250104-000000-000-simulator");

        var deleted = ResultsRetention.Prune(root, 2, Path.Combine(root, "20250104-000000-000-simulator"));

        Assert.That(deleted.Select(Path.GetFileName), Is.EquivalentTo(new[] { "20250101-000000-000-simulator", "20250102-000000-000-simulator-v3" }));
        Assert.That(Names(root), Is.EquivalentTo(new[] { "20250103-000000-000-windows", "20250104-000000-000-simulator" }));
    }

    [Test]
    public void TheRunBeingWrittenAndTheRunLatestPointsAtAreNeverDeleted()
    {
        var root = ResultsWith("20250101-000000-000-simulator", "20250102-000000-000-simulator", "20250103-000000-000-simulator", "20250104-000000-000-simulator");
        Directory.CreateSymbolicLink(Path.Combine(root, "latest"), "20250102-000000-000-simulator");

        // A resumed run is old, and still the one being written.
        ResultsRetention.Prune(root, 1, Path.Combine(root, "20250101-000000-000-simulator"));

        Assert.That(Names(root), Is.EquivalentTo(new[] { "20250101-000000-000-simulator", "20250102-000000-000-simulator", "20250104-000000-000-simulator", "latest" }));
    }

    [Test]
    public void FoldersThatAreNotRunsStay()
    {
        var root = ResultsWith("20250101-000000-000-simulator", "20250102-000000-000-simulator");
        Directory.CreateDirectory(Path.Combine(root, "selfcheck-20250101-000000"));
        Directory.CreateDirectory(Path.Combine(root, "20241231-000000-000-simulator")); // named like a run, but no journal
        Directory.CreateDirectory(Path.Combine(root, "my-notes"));
        File.WriteAllText(Path.Combine(root, "README.md"), "results");

        ResultsRetention.Prune(root, 1, Path.Combine(root, "20250102-000000-000-simulator"));

        Assert.That(Names(root), Is.EquivalentTo(new[] { "20250102-000000-000-simulator", "selfcheck-20250101-000000", "20241231-000000-000-simulator", "my-notes", "README.md" }));
    }

    [Test]
    public void KeepZeroKeepsEverything()
    {
        var root = ResultsWith("20250101-000000-000-simulator", "20250102-000000-000-simulator", "20250103-000000-000-simulator");

        Assert.That(ResultsRetention.Prune(root, 0, Path.Combine(root, "20250103-000000-000-simulator")), Is.Empty);
        Assert.That(Names(root), Has.Count.EqualTo(3));
    }

    private static string ResultsWith(params string[] runs)
    {
        var root = Directory.CreateTempSubdirectory("conformance-retention-").FullName;
        foreach (string run in runs)
        {
            Directory.CreateDirectory(Path.Combine(root, run));
            File.WriteAllText(Path.Combine(root, run, "journal.txt"), "started 2025-01-01T00:00:00Z\n");
        }

        return root;
    }

    private static List<string?> Names(string root) => [.. Directory.EnumerateFileSystemEntries(root).Select(Path.GetFileName)];
}
