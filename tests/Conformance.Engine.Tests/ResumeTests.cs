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
        var lines = JournalArchive.ReadAllText(journal).Split('\n')[..^1];
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
            // Judged again from the journal's access traces, to the same categories as the unbroken run.
            Assert.That(resumed.Resumed.Outcomes.Count(o => o.UserAccesses is { Accesses.Count: > 0 }), Is.GreaterThan(0));
            Assert.That(result.Results.Count(r => r.Findings.Any(f => f.Category == FindingCategory.UserAccessOutsideTry)), Is.GreaterThan(0));
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
        Assert.That(error!.Message, Does.Contain("filter 'ping[', this one has 'set-config'"));

        // Without the options record (or with the scenarios edited since), the case ids still give it away.
        string journal = Path.Combine(folder, "journal.txt");
        File.WriteAllLines(journal, File.ReadAllLines(journal).Where(l => !l.StartsWith("options ", StringComparison.Ordinal)));
        error = Assert.ThrowsAsync<ResumeException>(() => ConformanceRun.ResumeAsync(Repository.Settings(filter: "set-config"), folder, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("which these settings do not select").And.Contains("ping["));
    }

    [Test]
    public async Task ResumingThroughResultsLatestKeepsTheRunsOwnIdAndLatestPointingAtIt()
    {
        var settings = Repository.Settings(filter: "ping[");
        string runId;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            run.Complete();
            runId = run.RunId;
        }

        string latest = Path.Combine(settings.ResolvedResultsRoot, "latest");
        await using var resumed = await ConformanceRun.ResumeAsync(settings, latest, CancellationToken.None);
        var result = resumed.Complete();
        Assert.Multiple(() =>
        {
            Assert.That(resumed.RunId, Is.EqualTo(runId));
            Assert.That(result.Results, Has.Count.EqualTo(resumed.SelectedCases.Count));
            Assert.That(resumed.RemainingCases, Is.Empty);
            Assert.That(new FileInfo(latest).LinkTarget, Is.EqualTo(runId));
        });
    }

    [Test]
    public async Task ADifferentDriverVariantIsRefusedBeforeAnythingIsFired()
    {
        var settings = Repository.Settings(filter: "ping[");
        string folder;
        await using (var run = ConformanceRun.Open(settings))
        {
            folder = run.Directory;
        }

        var error = Assert.ThrowsAsync<ResumeException>(() => ConformanceRun.ResumeAsync(settings with { DefectVariant = 2 }, folder, CancellationToken.None));
        Assert.That(error!.Message, Does.Contain("defect_variant '0', this one has '2'"));
    }

    [Test]
    public async Task EventAssertionsJudgedOnALossyTargetCopyAreErrorsNotPasses()
    {
        var settings = Repository.Settings(filter: "ping[");
        string journal;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            journal = Path.Combine(run.Directory, "journal.txt");
        }

        // As if SimHost's trace ring had overflowed before the first ping returned.
        var lines = JournalArchive.ReadAllText(journal).Split('\n')[..^1];
        int first = Array.FindIndex(lines, l => l.StartsWith("outcome ", StringComparison.Ordinal));
        lines[first] = lines[first].Replace("\"elapsed_ticks\":", "\"trace_events_lost\":3,\"elapsed_ticks\":", StringComparison.Ordinal);
        File.WriteAllLines(journal, lines);

        await using var resumed = await ConformanceRun.ResumeAsync(settings, Path.GetDirectoryName(journal)!, CancellationToken.None);
        var results = resumed.Results;
        Assert.Multiple(() =>
        {
            Assert.That(results[0].Verdict, Is.EqualTo(CaseVerdict.Error));
            Assert.That(results[0].Note, Does.Contain("dropped 3 trace event(s)"));
            Assert.That(results.Skip(1).Select(r => r.Verdict), Is.All.EqualTo(CaseVerdict.Pass));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ALeakBeforeTheInterruptionIsJudgedAgainstTheSecretItLeakedAfterTheResume(CancellationToken cancellationToken)
    {
        // Variant 1 leaks the kernel secret on a kernel input, then bugchecks on an unmapped kernel one (built here: no
        // scenario offers that state), so SimHost restarts. The runner then dies; the resumed run boots a new SimHost
        // and judges the leak from the journal: against the run's one secret, not a secret of its own.
        string tree = Directory.CreateTempSubdirectory("conformance-tree-").FullName;
        Directory.CreateDirectory(Path.Combine(tree, "devices"));
        foreach (string profile in Directory.GetFiles(Path.Combine(Repository.Root, "scenarios", "devices"), "*.yaml"))
        {
            File.Copy(profile, Path.Combine(tree, "devices", Path.GetFileName(profile)));
        }

        File.WriteAllText(Path.Combine(tree, "leak.yaml"),
            "device: conformance-sample\nioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM\ninput: { size: 16, state: kernel }\noutput: { size: 16 }\nexpect: { status: STATUS_ACCESS_VIOLATION, information: 0 }\n");
        var settings = Repository.Settings(variant: 1) with { ScenariosRoot = tree };
        string journal;
        await using (var run = ConformanceRun.Open(settings))
        {
            var leak = run.SelectedCases.Single();
            var unmapped = leak with { Id = "crash", Call = leak.Call with { CaseId = "crash", Input = leak.Call.Input with { State = Targets.BufferMemoryState.KernelInvalid } } };
            var first = await run.RunAsync([leak, unmapped], null, cancellationToken);
            Assert.That(first[1].Findings.Select(f => f.Category), Does.Contain(FindingCategory.Bugcheck), "the second case restarts SimHost");
            journal = Path.Combine(run.Directory, "journal.txt");
        }

        // The runner went down before judging: the journal holds the leak's outcome and no verdict. (The built crash
        // case is not in the catalog, so its records go too, as if it had never been fired.)
        File.WriteAllLines(journal, File.ReadAllLines(journal).Where(l => !l.StartsWith("done ", StringComparison.Ordinal) && !l.Contains("crash", StringComparison.Ordinal)));
        string secret = File.ReadAllLines(journal).Single(l => l.StartsWith("kernel_secret ", StringComparison.Ordinal))["kernel_secret ".Length..];

        await using var resumed = await ConformanceRun.ResumeAsync(settings, Path.GetDirectoryName(journal)!, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(resumed.Results, Has.Count.EqualTo(1));
            Assert.That(resumed.Results[0].Note, Does.Contain("judged from the journal"));
            Assert.That(resumed.Results[0].Findings.Select(f => f.Category), Does.Contain(FindingCategory.ArbitraryRead));
            Assert.That(Convert.ToHexString(resumed.Complete().Target.KernelSecret!.Value.Span), Is.EqualTo(secret), "the new SimHost plants the journaled secret");
        });
    }

    private static string Describe(CaseResult result) =>
        $"{result.Verdict} {string.Join(",", result.Findings.Select(f => f.Category).Distinct().Order())}";

    private static List<int> BatchStarts(string[] lines) =>
        [.. Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("fire ", StringComparison.Ordinal) && (i == 0 || !lines[i - 1].StartsWith("fire ", StringComparison.Ordinal)))];
}
