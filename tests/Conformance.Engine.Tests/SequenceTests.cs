using System.Buffers.Binary;
using System.Text.Json;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// Sequences (<c>steps:</c>) end to end against a driver with state that lives across calls
/// (tests/drivers/object-table): the id CREATE returns is carried into the next calls, a use after free or double
/// free on the stale-entry path is caught and attributed to the call it happened in, a step that misses its status
/// makes the case an error, a failing sequence's reproducer fails again alone, and a resumed run fires an unfinished
/// sequence again whole.
/// </summary>
[TestFixture]
public sealed class SequenceTests
{
    private static readonly string Catalog = Path.Combine(Repository.Root, "tests", "drivers", "object-table", "scenarios");
    private IReadOnlyDictionary<string, CaseResult> results = null!;
    private string runDirectory = null!;

    [OneTimeSetUp]
    public async Task RunTheDriversScenarios()
    {
        await using var run = ConformanceRun.Open(Repository.Settings() with { ScenariosRoot = Catalog });
        var all = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();
        runDirectory = run.Directory;
        results = all.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    [Test]
    public void TheIdCreateReturnedIsCarriedIntoEveryLaterCall()
    {
        var result = results["object-table/create-use-close"];
        var create = result.Steps[0].Outcome!;
        var use = result.Steps[1].Outcome!;
        ulong id = BinaryPrimitives.ReadUInt64LittleEndian(create.OutputAfter);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Pass), () => $"{result.Note} {string.Join("; ", result.Findings)}");
            Assert.That(id >> 16, Is.Not.Zero, "a real id, not bytes the scenario could have written");
            Assert.That(use.CopiedBytes!.Single(), Is.EqualTo(create.OutputAfter));
            Assert.That(result.Outcome!.CopiedBytes!.Single(), Is.EqualTo(create.OutputAfter));
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(use.OutputAfter), Is.EqualTo(0x2A), "USE found the object CREATE made with value 42");
            Assert.That(use.InputAfter![..8], Is.EqualTo(create.OutputAfter), "the copy went into the bytes the driver read");
        });
    }

    [Test]
    public void TheCorrectCloseMakesALaterUseFailCleanlyInEveryCase()
    {
        var cases = results.Values.Where(r => r.Id.StartsWith("object-table/use-after-close[", StringComparison.Ordinal)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(cases, Has.Count.EqualTo(2), "vary expands the judged call; every case fires the steps again");
            Assert.That(cases.Select(r => r.Verdict), Has.All.EqualTo(CaseVerdict.Pass));
            Assert.That(cases.Select(r => r.Steps.Count(s => s.Fired)), Has.All.EqualTo(2));
        });
    }

    [TestCase("object-table/use-after-stale-close", 0xCCu, FindingCategory.UseAfterFree)]
    [TestCase("object-table/double-close", 0xC2u, FindingCategory.DoubleFree)]
    public void TheStaleEntryPathIsCaughtInTheCallThatTouchesFreedPool(string id, uint code, FindingCategory category)
    {
        var result = results[id];

        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(f => f.Category).First(), Is.EqualTo(category));
            Assert.That(result.Outcome!.Bugcheck!.Code, Is.EqualTo(code));
            Assert.That(result.Findings[0].Step, Is.Null, "the case's own call crashed, not a step");
            Assert.That(result.Steps.Select(s => s.Outcome!.Status), Has.All.EqualTo(0), "the steps set the state up");
        });
    }

    [Test]
    public void ABugcheckInAStepIsTheCasesFindingAndNamesTheStep()
    {
        var result = results["object-table/use-in-a-step"];

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Fail));
            Assert.That(result.Findings[0].Category, Is.EqualTo(FindingCategory.UseAfterFree));
            Assert.That(result.Findings[0].Step, Is.EqualTo("use"));
            Assert.That(result.Findings[0].Message, Does.StartWith("in step 'use' (IOCTL_OT_USE): bugcheck 0xCC"));
            Assert.That(result.Outcome!.StoppedInStep, Is.EqualTo("use"));
            Assert.That(result.Outcome.Bugcheck!.CaseId, Is.EqualTo("object-table/use-in-a-step::use"), "the crash record names the step's call");
            Assert.That(result.Steps.Select(s => s.Fired), Is.EqualTo(new[] { true, true, true }));
            Assert.That(result.Note, Does.Contain("the case's own call (IOCTL_OT_PING) was not fired"));
        });
    }

    [Test]
    public void TheCasesAfterACrashingSequenceRunOnARestartedTarget()
    {
        // use-in-a-step crashes SimHost; use-after-close comes later in catalog order and still passes.
        Assert.That(results.Keys.Order(StringComparer.Ordinal).ToList().IndexOf("object-table/use-in-a-step"), Is.GreaterThan(-1));
        Assert.That(results.Values.Count(r => r.Verdict == CaseVerdict.Pass), Is.EqualTo(3), string.Join("\n", results.Values.Select(r => $"{r.Id} {r.Verdict} {r.Note}")));
    }

    [Test]
    public void TheReportsShowEachStepAndWhichStepAFindingIsIn()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "results.json")));
        var cases = json.RootElement.GetProperty("cases").EnumerateArray().ToDictionary(c => c.GetProperty("id").GetString()!, StringComparer.Ordinal);
        var crashed = cases["object-table/use-in-a-step"];
        var steps = crashed.GetProperty("steps").EnumerateArray().ToList();
        var copy = cases["object-table/create-use-close"].GetProperty("steps")[1].GetProperty("inputs").GetProperty("input").GetProperty("copies")[0];
        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(runDirectory, "results.sarif")));
        var alert = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Single(r => r.GetProperty("properties").GetProperty("caseId").GetString() == "object-table/use-in-a-step");
        string junit = File.ReadAllText(Path.Combine(runDirectory, "junit.xml"));
        string html = File.ReadAllText(Path.Combine(runDirectory, "report.html"));

        Assert.Multiple(() =>
        {
            Assert.That(steps.Select(s => s.GetProperty("name").GetString()), Is.EqualTo(new[] { "create", "close", "use" }));
            Assert.That(steps[2].GetProperty("end").GetString(), Is.EqualTo("bugcheck"));
            Assert.That(steps[2].GetProperty("bugcheck").GetProperty("code").GetString(), Is.EqualTo("0xCC"));
            Assert.That(steps[1].GetProperty("status").GetString(), Is.EqualTo("STATUS_SUCCESS"));
            Assert.That(crashed.GetProperty("stopped_in_step").GetString(), Is.EqualTo("use"));
            Assert.That(crashed.GetProperty("findings")[0].GetProperty("step").GetString(), Is.EqualTo("use"));
            Assert.That(copy.GetProperty("from").GetString(), Is.EqualTo("create.output"));
            Assert.That(copy.GetProperty("bytes").GetString(), Has.Length.EqualTo(16));
            Assert.That(cases.Values.Count(c => c.TryGetProperty("steps", out _)), Is.EqualTo(cases.Count), "every case of this catalog has steps");
            Assert.That(alert.GetProperty("properties").GetProperty("step").GetString(), Is.EqualTo("use"));
            Assert.That(alert.GetProperty("properties").GetProperty("ioctl").GetString(), Is.EqualTo("IOCTL_OT_USE"));
            Assert.That(alert.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(14), "the step's entry");
            Assert.That(junit, Does.Contain("step use: IOCTL_OT_USE"));
            Assert.That(junit, Does.Contain("stopped in step use"));
            Assert.That(html, Does.Contain("Steps (fired in order before the call)"));
        });
    }

    [Test]
    public async Task AStepThatMissesItsStatusMakesTheCaseAnErrorNotAPass()
    {
        var catalog = Directory.CreateTempSubdirectory("sequence-catalog-");
        Directory.CreateDirectory(Path.Combine(catalog.FullName, "devices"));
        File.Copy(Path.Combine(Catalog, "devices", "object-table.yaml"), Path.Combine(catalog.FullName, "devices", "object-table.yaml"));
        File.WriteAllText(Path.Combine(catalog.FullName, "close-twice.yaml"), """
            device: object-table
            steps:
              - name: create
                ioctl: IOCTL_OT_CREATE
                output: { size: 8 }
              - name: close
                ioctl: IOCTL_OT_CLOSE
                input: { size: 8, content: { copies: [{ offset: 0, from: create.output, size: 8 }] } }
              - name: close-again
                ioctl: IOCTL_OT_CLOSE
                input: { size: 8, content: { copies: [{ offset: 0, from: create.output, size: 8 }] } }
            ioctl: IOCTL_OT_USE
            input: { size: 8, content: { copies: [{ offset: 0, from: create.output, size: 8 }] } }
            output: { size: 4 }
            expect: { status: STATUS_INVALID_HANDLE }
            """);

        await using var run = ConformanceRun.Open(Repository.Settings() with { ScenariosRoot = catalog.FullName });
        var result = (await run.RunAsync(run.SelectedCases, null, CancellationToken.None)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Error));
            Assert.That(result.Note, Does.Contain("step 'close-again' (IOCTL_OT_CLOSE) returned STATUS_INVALID_HANDLE"));
            Assert.That(result.Outcome!.StoppedInStep, Is.EqualTo("close-again"));
            Assert.That(result.Findings, Is.Empty);
        });
    }

    [Test]
    public async Task AFailingSequencesReproducerReplaysAloneAndFailsAgain()
    {
        var failing = results.Values.Where(r => r.Verdict == CaseVerdict.Fail).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var files = Directory.EnumerateFiles(Path.Combine(runDirectory, "repro"), "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.EqualTo(failing.Count));

        foreach (string file in files)
        {
            string text = File.ReadAllText(file);
            string id = text.Split('\n')[0]["# Reproducer of ".Length..].Trim();
            var original = results[id];

            // One file, run alone in a fresh SimHost: its steps make the state again and the same call breaks the same way.
            await using var again = ConformanceRun.Open(Repository.Settings() with { ScenariosRoot = file });
            var replayed = (await again.RunAsync(again.SelectedCases, null, CancellationToken.None)).Single();

            Assert.Multiple(() =>
            {
                Assert.That(text, Does.Contain("steps:"));
                Assert.That(text, Does.Contain("copies: [{ offset: 0, from: \"create.output\", size: 8 }]"));
                Assert.That(replayed.Verdict, Is.EqualTo(CaseVerdict.Fail), file);
                Assert.That(replayed.Findings.Select(f => (f.Category, f.Step)), Is.EqualTo(original.Findings.Select(f => (f.Category, f.Step))), file);
                Assert.That(replayed.Outcome!.Bugcheck?.Code, Is.EqualTo(original.Outcome!.Bugcheck?.Code), file);
            });
        }
    }

    [Test]
    public async Task AResumedRunFiresAnUnfinishedSequenceAgainWhole()
    {
        var settings = Repository.Settings() with { ScenariosRoot = Catalog, Filter = "create-use-close" };
        string journal;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            run.Complete();
            journal = Path.Combine(run.Directory, "journal.txt");
        }

        // The runner died while the sequence was in flight: its fire record is there, its outcome is not.
        var lines = JournalArchive.ReadAllText(journal).Split('\n')[..^1];
        int fired = Array.FindIndex(lines, l => l.StartsWith("fire ", StringComparison.Ordinal));
        var cut = Directory.CreateDirectory(Path.Combine(settings.ResolvedResultsRoot, "cut-run"));
        File.WriteAllLines(Path.Combine(cut.FullName, "journal.txt"), lines[..(fired + 1)]);
        var journaled = OutcomeRecord.FromLine(lines.Single(l => l.StartsWith("outcome ", StringComparison.Ordinal))["outcome ".Length..]);

        await using var resumed = await ConformanceRun.ResumeAsync(settings, cut.FullName, CancellationToken.None);
        await resumed.RunAsync(resumed.RemainingCases, null, CancellationToken.None);
        var result = resumed.Complete().Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(journaled.Steps, Has.Count.EqualTo(2), "the whole sequence is one journal record");
            Assert.That(resumed.Resumed!.FireAgain, Is.EqualTo(new[] { "object-table/create-use-close" }));
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Pass));
            Assert.That(result.Note, Is.Null, "fired again, not judged from the journal");
            Assert.That(result.Steps.Select(s => s.Fired), Is.EqualTo(new[] { true, true }), "every step fired again, from the first");
        });
    }

    [Test]
    public async Task AFinishedSequenceIsJudgedFromTheJournalWithItsSteps()
    {
        var settings = Repository.Settings() with { ScenariosRoot = Catalog, Filter = "use-in-a-step" };
        string folder;
        await using (var run = ConformanceRun.Open(settings))
        {
            await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
            folder = run.Directory;
            // Not completed: the runner went down after the sequence came back.
        }

        await using var resumed = await ConformanceRun.ResumeAsync(settings, folder, CancellationToken.None);
        var result = resumed.Results.Single();

        Assert.Multiple(() =>
        {
            Assert.That(resumed.RemainingCases, Is.Empty, "judged from the journal, not fired again");
            Assert.That(resumed.Resumed!.Outcomes.Single().Steps, Has.Count.EqualTo(2), "the steps before the crashing one came back in its record");
            Assert.That(result.Steps.Select(s => s.Fired), Is.EqualTo(new[] { true, true, true }));
            Assert.That(result.Findings.Select(f => (f.Category, f.Step)), Is.EqualTo(new[] { (FindingCategory.UseAfterFree, (string?)"use") }));
        });
    }
}
