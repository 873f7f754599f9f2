using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>The run loop against the real simulator: crashes restart the target and lose nothing.</summary>
[TestFixture]
public sealed class RunnerTests
{
    private static readonly string[] ReportFiles = ["results.json", "junit.xml", "results.sarif", "report.html", "journal.txt.gz"];

    [Test]
    public async Task BugchecksMidRunRestartTheTargetAndEveryCaseGetsAVerdict()
    {
        // Variant 2 bugchecks on freed/no-access inputs of the NEITHER transform; the other cases still run.
        var settings = Repository.Settings(filter: "neither-transform[", variant: 2);
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Id), Is.EqualTo(run.SelectedCases.Select(c => c.Id)));
            Assert.That(results.Count(r => r.Findings.Any(f => f.Category == FindingCategory.Bugcheck)), Is.GreaterThan(1));
            Assert.That(results.Count(r => r.Verdict == CaseVerdict.Pass), Is.GreaterThan(results.Count / 2));
        });
    }

    [Test]
    public async Task AnIoctlThatCrashesEveryTimeIsBlocked()
    {
        // Variant 10 crashes every zero-length direct call; after five crashes in a row the rest are blocked.
        var settings = Repository.Settings(filter: "direct[", variant: 10);
        await using var run = ConformanceRun.Open(settings);
        var cases = run.SelectedCases.Where(c => c.Id.Contains("output.declared_length=0", StringComparison.Ordinal)).ToList();
        var results = await run.RunAsync(cases, null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results.Take(5).Select(r => r.Verdict), Is.All.EqualTo(CaseVerdict.Fail));
            Assert.That(results.Skip(5).Select(r => r.Verdict), Has.Some.EqualTo(CaseVerdict.Blocked));
            Assert.That(results.First(r => r.Verdict == CaseVerdict.Blocked).Note, Does.Contain("crashed the machine"));
        });
    }

    [Test]
    public async Task ACrashInABatchWithBlockedCasesBetweenItsCallsLosesNoCaseAndBlocksNoneTwice()
    {
        // Variant 10 crashes zero-length direct calls. Five STORE crashes open STORE's circuit; the next batch
        // is [FETCH crash, ping, STORE (blocked), ping]: it ends on its first call, and the run must go on with
        // the first ping, not skip it and block STORE twice.
        string tree = ScenarioTree();

        const string ZeroLength = "output: { size: 16, declared_length: 0 }\nexpect: { status: STATUS_INVALID_PARAMETER, information: 0 }\n";
        const string Ping = "ioctl: IOCTL_SAMPLE_PING\noutput: { size: 8 }\nexpect: { status: STATUS_SUCCESS, information: 4 }\n";
        File.WriteAllText(Path.Combine(tree, "a.yaml"), "device: conformance-sample\nioctl: IOCTL_SAMPLE_IN_DIRECT_STORE\nvary: { output.offset: [0, 1, 2, 3, 4] }\n" + ZeroLength);
        File.WriteAllText(Path.Combine(tree, "b.yaml"), "device: conformance-sample\nioctl: IOCTL_SAMPLE_OUT_DIRECT_FETCH\n" + ZeroLength);
        File.WriteAllText(Path.Combine(tree, "c.yaml"), "device: conformance-sample\n" + Ping);
        File.WriteAllText(Path.Combine(tree, "d.yaml"), "device: conformance-sample\nioctl: IOCTL_SAMPLE_IN_DIRECT_STORE\n" + ZeroLength);
        File.WriteAllText(Path.Combine(tree, "e.yaml"), "device: conformance-sample\n" + Ping);

        await using var run = ConformanceRun.Open(Repository.Settings(variant: 10) with { ScenariosRoot = tree });
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Id), Is.EqualTo(run.SelectedCases.Select(c => c.Id)));
            Assert.That(results.Select(r => r.Verdict), Is.EqualTo(new[]
            {
                CaseVerdict.Fail, CaseVerdict.Fail, CaseVerdict.Fail, CaseVerdict.Fail, CaseVerdict.Fail,
                CaseVerdict.Fail, CaseVerdict.Pass, CaseVerdict.Blocked, CaseVerdict.Pass,
            }));
            Assert.That(JournalHistory.Read(Path.Combine(run.Directory, "journal.txt")).Unreturned, Is.Empty);
        });
    }

    [Test]
    public async Task ALeakBeforeARestartIsJudgedAgainstTheSecretOfTheKernelItLeakedFrom()
    {
        // Each SimHost boot draws a new kernel secret. Variant 1 leaks the secret on a kernel input, then
        // bugchecks on an unmapped kernel one (a state scenarios do not offer, so the case is built here), and
        // the run goes on in a new SimHost with another secret: the leak must still be judged against the
        // secret of the kernel that was running when it happened.
        var tree = ScenarioTree();
        File.WriteAllText(Path.Combine(tree, "a.yaml"),
            "device: conformance-sample\nioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM\ninput: { size: 16, state: kernel }\noutput: { size: 16 }\nexpect: { status: STATUS_ACCESS_VIOLATION, information: 0 }\n");
        await using var run = ConformanceRun.Open(Repository.Settings(variant: 1) with { ScenariosRoot = tree });
        var leak = run.SelectedCases.Single();
        var unmapped = leak with { Id = "b", Call = leak.Call with { CaseId = "b", Input = leak.Call.Input with { State = Targets.BufferMemoryState.KernelInvalid } } };

        var results = await run.RunAsync([leak, unmapped], null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(results[1].Findings.Select(f => f.Category), Does.Contain(FindingCategory.Bugcheck), "the second case restarts SimHost");
            Assert.That(results[0].Findings.Select(f => f.Category), Does.Contain(FindingCategory.ArbitraryRead));
        });
    }

    [Test]
    public async Task TheJournalRecordsEveryCaseBeforeItIsFiredItsOutcomeWhenItReturnsAndItsVerdictAfter()
    {
        var settings = Repository.Settings(filter: "ping[");
        await using var run = ConformanceRun.Open(settings);
        await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        string path = Path.Combine(run.Directory, "journal.txt");
        var lines = File.ReadAllLines(path);
        string first = run.SelectedCases[0].Id;
        int outcome = Array.FindIndex(lines, l => l.StartsWith("outcome ", StringComparison.Ordinal) && l.Contains($"\"{first}\"", StringComparison.Ordinal));
        var history = JournalHistory.Read(path);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Does.StartWith("started "));
            Assert.That(Array.IndexOf(lines, $"fire {first}"), Is.LessThan(outcome));
            Assert.That(outcome, Is.LessThan(Array.IndexOf(lines, $"done {first} pass")));
            Assert.That(history.Outcomes.Select(o => o.CaseId), Is.EqualTo(run.SelectedCases.Select(c => c.Id)));
            Assert.That(history.Unreturned, Is.Empty);
            Assert.That(history.InFlight, Is.Null);
        });
    }

    [Test]
    public async Task CompletingARunWritesEveryReportAndPointsLatestAtIt()
    {
        var settings = Repository.Settings(filter: "set-config");
        await using var run = ConformanceRun.Open(settings);
        await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        var result = run.Complete();
        string latest = Path.Combine(settings.ResolvedResultsRoot, "latest");
        Assert.Multiple(() =>
        {
            Assert.That(result.Summary.Total, Is.EqualTo(run.SelectedCases.Count));
            Assert.That(new FileInfo(latest).LinkTarget, Is.EqualTo(run.RunId));
            foreach (string file in ReportFiles)
            {
                Assert.That(File.Exists(Path.Combine(latest, file)), Is.True, file);
            }
        });
    }

    [Test]
    public async Task EveryFailingCaseGetsAReproducerThatReplaysIt()
    {
        var settings = Repository.Settings(filter: "neither-transform[input.state=no_access", variant: 2);
        string directory;
        int failing;
        await using (var run = ConformanceRun.Open(settings))
        {
            var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            run.Complete();
            directory = run.Directory;
            failing = results.Count(r => r.Verdict == CaseVerdict.Fail);
        }

        var replay = Repository.Settings(variant: 2) with { ScenariosRoot = Path.Combine(directory, "repro") };
        await using var again = ConformanceRun.Open(replay);
        var replayed = await again.RunAsync(again.SelectedCases, null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(failing, Is.GreaterThan(0));
            Assert.That(again.SelectedCases, Has.Count.EqualTo(failing));
            Assert.That(replayed.Select(r => r.Verdict), Has.None.EqualTo(CaseVerdict.Pass));
            Assert.That(replayed[0].Findings.Select(f => f.Category), Does.Contain(FindingCategory.Bugcheck));
        });
    }

    [Test]
    public void ABrokenCatalogRunsNothingAndNamesEveryError()
    {
        string root = Directory.CreateTempSubdirectory("scenarios-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "devices"));
        File.Copy(Path.Combine(Repository.Root, "scenarios/devices/conformance-sample.yaml"), Path.Combine(root, "devices/conformance-sample.yaml"));
        File.WriteAllText(Path.Combine(root, "bad.yaml"), "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\noutput: { sise: 4 }\n");
        var error = Assert.Throws<CatalogLoadException>(() => ConformanceRun.Open(Repository.Settings() with { ScenariosRoot = root }));
        Assert.That(error!.Errors.Single().ToString(), Does.Contain("bad.yaml:3:").And.Contain("sise"));
    }

    /// <summary>An empty scenarios folder with the repository's device profiles: tests write their own scenarios into it.</summary>
    private static string ScenarioTree()
    {
        var tree = Directory.CreateTempSubdirectory("conformance-tree-");
        Directory.CreateDirectory(Path.Combine(tree.FullName, "devices"));
        foreach (string profile in Directory.GetFiles(Path.Combine(Repository.Root, "scenarios", "devices"), "*.yaml"))
        {
            File.Copy(profile, Path.Combine(tree.FullName, "devices", Path.GetFileName(profile)));
        }

        return tree.FullName;
    }
}
