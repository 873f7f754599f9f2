using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>A run whose runner went down continues from its journal to the same verdicts as a run that never stopped.</summary>
[TestFixture]
public sealed class ResumeTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task ARunCutOffMidBatchResumesToTheVerdictsOfAnUnbrokenRun(CancellationToken cancellationToken)
    {
        // Variant 2 bugchecks on several NEITHER cases, so the journal holds many batches, crashes among them.
        var settings = Repository.Settings(filter: "neither-transform[", variant: 2);
        Dictionary<string, string> unbroken;
        string journal;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, cancellationToken);
            unbroken = run.Complete().Results.ToDictionary(r => r.Id, Describe);
            journal = Path.Combine(run.Directory, "journal.txt");
        }

        // The runner died right after the third batch was journaled and fired: nothing of it came back.
        var lines = File.ReadAllLines(journal);
        int third = BatchStarts(lines)[2];
        int thirdEnd = Array.FindIndex(lines, third, l => !l.StartsWith("fire ", StringComparison.Ordinal));
        var cutRun = Directory.CreateDirectory(Path.Combine(settings.ResolvedResultsRoot, "cut-run"));
        File.WriteAllLines(Path.Combine(cutRun.FullName, "journal.txt"), lines[..thirdEnd]);
        var firedButLost = lines[third..thirdEnd].Select(l => l[5..]).ToList();

        await using var resumed = await ConformanceRun.ResumeAsync(settings, cutRun.FullName, cancellationToken);
        await resumed.RunAsync(resumed.RemainingCases, null, cancellationToken);
        var result = resumed.Complete();

        Assert.Multiple(() =>
        {
            Assert.That(resumed.RunId, Is.EqualTo("cut-run"));
            Assert.That(resumed.Resumed!.FireAgain, Is.EqualTo(firedButLost));
            Assert.That(resumed.Resumed.LostInFlight, Is.Null, "in the simulator the driver cannot take the runner down");
            Assert.That(resumed.Resumed.Outcomes.Count + resumed.RemainingCases.Count, Is.EqualTo(unbroken.Count));
            Assert.That(result.Results.Select(r => r.Id), Is.Unique);
            Assert.That(result.Results.ToDictionary(r => r.Id, Describe), Is.EquivalentTo(unbroken));
            Assert.That(result.Results.Count(r => r.Findings.Any(f => f.Category == FindingCategory.Bugcheck)), Is.GreaterThan(0));
            Assert.That(File.Exists(Path.Combine(cutRun.FullName, "results.json")));
            Assert.That(JournalHistory.Read(Path.Combine(cutRun.FullName, "journal.txt")).Unreturned, Is.Empty);
        });
    }

    [Test]
    public void AFolderWithoutAJournalIsNotResumed()
    {
        var settings = Repository.Settings(filter: "ping[");
        var empty = Directory.CreateTempSubdirectory("conformance-not-a-run-");
        var error = Assert.ThrowsAsync<ResumeException>(() => ConformanceRun.ResumeAsync(settings, empty.FullName, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("has no journal.txt"));
    }

    [Test]
    public async Task OtherSettingsThanTheFirstRunAreRefusedBeforeAnythingIsFired()
    {
        string folder;
        await using (var run = ConformanceRun.Open(Repository.Settings(filter: "ping[")))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            folder = run.Directory;
        }

        var error = Assert.ThrowsAsync<ResumeException>(() => ConformanceRun.ResumeAsync(Repository.Settings(filter: "set-config"), folder, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("which these settings do not select").And.Contains("ping["));
    }

    private static string Describe(CaseResult result) =>
        $"{result.Verdict} {string.Join(",", result.Findings.Select(f => f.Category).Distinct().Order())}";

    private static List<int> BatchStarts(string[] lines) =>
        [.. Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("fire ", StringComparison.Ordinal) && (i == 0 || !lines[i - 1].StartsWith("fire ", StringComparison.Ordinal)))];
}
