using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Tests.Running;

public sealed class JournalHistoryTests
{
    private DirectoryInfo _folder = null!;

    [SetUp]
    public void CreateFolder() => _folder = Directory.CreateTempSubdirectory("conformance-journal-");

    [TearDown]
    public void DeleteFolder() => _folder.Delete(true);

    [Test]
    public void TheFirstUnreturnedCaseOfTheLastBatchWasInFlight()
    {
        var history = Read(
            "started 2026-11-25T10:00:00.0000000+00:00",
            "fire a", "fire b",
            Returned("a"), Returned("b"),
            "done a pass", "done b fail",
            "fire c", "fire d", "fire e",
            Returned("c"));

        Assert.Multiple(() =>
        {
            Assert.That(history.StartedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(history.Outcomes.Select(o => o.CaseId), Is.EqualTo(new[] { "a", "b", "c" }));
            Assert.That(history.Unreturned, Is.EqualTo(new[] { "d", "e" }));
            Assert.That(history.InFlight, Is.EqualTo("d"));
        });
    }

    [Test]
    public void TheRunsKernelSecretIsReadAndAnOlderJournalHasNone()
    {
        var history = Read("started 2026-11-25T10:00:00.0000000+00:00", "kernel_secret 00FF10", "fire a", Returned("a"));
        var older = Read("started 2026-11-25T10:00:00.0000000+00:00", "fire a", Returned("a"));

        Assert.Multiple(() =>
        {
            Assert.That(history.KernelSecret, Is.EqualTo(new byte[] { 0x00, 0xFF, 0x10 }));
            Assert.That(older.KernelSecret, Is.Null);
        });
    }

    [Test]
    public void ABatchCutShortByACrashAndFiredAgainLeavesNothingInFlight()
    {
        // SimHost bugchecked on b: the runner restarted it and fired c and d again as a new batch.
        var history = Read(
            "fire a", "fire b", "fire c", "fire d",
            Returned("a"), Returned("b", CallEnd.Bugcheck),
            "fire c", "fire d",
            Returned("c"), Returned("d"));

        Assert.Multiple(() =>
        {
            Assert.That(history.Outcomes.Select(o => o.End), Is.EqualTo(new[] { CallEnd.Completed, CallEnd.Bugcheck, CallEnd.Completed, CallEnd.Completed }));
            Assert.That(history.Unreturned, Is.Empty);
            Assert.That(history.InFlight, Is.Null);
        });
    }

    [Test]
    public void ABatchThatEndedOnACrashHasNothingInFlightEvenBeforeItsRestIsFiredAgain()
    {
        // The runner went down while restarting SimHost after b: c and d were never fired by that batch.
        var history = Read("fire a", "fire b", "fire c", "fire d", Returned("a"), Returned("b", CallEnd.Bugcheck));
        Assert.That((string.Join(",", history.Unreturned), history.InFlight), Is.EqualTo(("c,d", (string?)null)));
    }

    [Test]
    public void AbandonedCasesAreNeitherUnreturnedNorInFlight()
    {
        var history = Read("fire a", "fire b", Returned("a"), "abandon b");
        Assert.That((history.Unreturned.Count, history.InFlight), Is.EqualTo((0, (string?)null)));
    }

    [Test]
    public void ACaseFiredAgainAfterItWasAbandonedIsPendingAgain()
    {
        var history = Read("fire a", "abandon a", "fire a");
        Assert.That((history.Unreturned.Single(), history.InFlight), Is.EqualTo(("a", "a")));
    }

    [Test]
    public void AnUnreturnedCaseOfAnEarlierBatchIsNotTheOneInFlight()
    {
        // Only the last batch can hold the call that was running when the journal ends.
        var history = Read("fire x", "fire y", Returned("x"), "fire z", Returned("z"));
        Assert.That((history.Unreturned.Single(), history.InFlight), Is.EqualTo(("y", (string?)null)));
    }

    [Test]
    public void TheTornLastLineOfACrashIsIgnored()
    {
        string path = Path.Combine(_folder.FullName, "journal.txt");
        File.WriteAllText(path, "fire a\n" + "outcome " + OutcomeRecord.ToLine(Outcome("a"))[..20]);
        var history = JournalHistory.Read(path);
        Assert.That((history.Outcomes.Count, history.InFlight), Is.EqualTo((0, "a")));
    }

    [Test]
    public void ABrokenRecordNamesItsLine()
    {
        string path = Write("fire a", "outcome {not json", "done a pass");
        Assert.That(() => JournalHistory.Read(path), Throws.TypeOf<FormatException>().With.Message.StartsWith($"{path}:2: not an outcome record"));
        string unknown = Write("fire a", "launch a");
        Assert.That(() => JournalHistory.Read(unknown), Throws.TypeOf<FormatException>().With.Message.EqualTo($"{unknown}:2: unknown journal record 'launch'"));
    }

    [Test]
    public void OnAMachineThatDiesWithTheDriverTheCallInFlightIsLostAndNotFiredAgain()
    {
        var history = Read("fire a", "fire b", "fire c", Returned("a"));

        var machine = ResumePlan.From(history, machineDiesWithDriver: true);
        var simulator = ResumePlan.From(history, machineDiesWithDriver: false);

        Assert.Multiple(() =>
        {
            Assert.That(machine.LostInFlight, Is.EqualTo("b"));
            Assert.That(machine.Outcomes.Select(o => (o.CaseId, o.End)), Is.EqualTo(new[] { ("a", CallEnd.Completed), ("b", CallEnd.MachineLost) }));
            Assert.That(machine.Outcomes[^1].Detail, Does.Contain("nothing came back"));
            Assert.That(machine.FireAgain, Is.EqualTo(new[] { "c" }));
            Assert.That(simulator.LostInFlight, Is.Null);
            Assert.That(simulator.Outcomes.Select(o => o.CaseId), Is.EqualTo(new[] { "a" }));
            Assert.That(simulator.FireAgain, Is.EqualTo(new[] { "b", "c" }));
        });
    }

    [Test]
    public void BuffersAreJournaledAsTheBytesTheCallChangedAndRebuiltFromTheCase()
    {
        var input = new BufferSpec(BufferMemoryState.ReadWrite, 4096, 0, 4096, new byte[] { 1, 0, 0, 0, 16, 0, 0, 0 }, 0x01);
        var output = BufferSpec.ReadWriteOf(8, 0xEE);
        var call = new IoctlCall("a", 0x8C012017, 3, input, output, RacerSpec.None);
        var written = new byte[8];
        written[0] = 1;
        var outcome = Outcome("a") with { InputAfter = input.InitialBytes(), OutputAfter = written };
        string path = Path.Combine(_folder.FullName, "journal.txt");
        using (var journal = new Journal(path, syncToDisk: false))
        {
            journal.Firing(["a"]);
            journal.Returned([outcome], [call]);
        }

        string text = File.ReadAllText(path);
        var history = JournalHistory.Read(path);
        var restored = history.WithBuffers(history.Outcomes.Single(), call);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("\"input_changes\":[]").And.Contain("\"output_changes\":[[0,\"AQAAAAAAAAA=\"]]"));
            Assert.That(text.Length, Is.LessThan(600), "no 5.5 KB of base64 for an unchanged 4 KiB input, only the changed bytes of the output");
            Assert.That(history.Outcomes.Single().InputAfter, Is.Null, "the record alone has no bytes");
            Assert.That(restored.InputAfter, Is.EqualTo(input.InitialBytes()));
            Assert.That(restored.OutputAfter, Is.EqualTo(written));
        });
    }

    [Test]
    public void TheBugcheckTheMachineRecordedBecomesTheLostCallsOutcome()
    {
        var plan = ResumePlan.From(Read("fire a", "fire b", Returned("a")), machineDiesWithDriver: true);
        var record = new BugcheckRecord(0xCD, [0xFFFF_B30C_1D2E_8000, 1, 0, 0], 0xFFFF_B30C_1D2E_8000, 0, 0x8C012017, "b", "from the System log");

        var crashed = plan.WithRecordedBugcheck(record);

        Assert.Multiple(() =>
        {
            Assert.That(crashed.Outcomes.Select(o => (o.CaseId, o.End)), Is.EqualTo(new[] { ("a", CallEnd.Completed), ("b", CallEnd.Bugcheck) }));
            Assert.That(crashed.Outcomes[^1].Bugcheck, Is.SameAs(record));
            Assert.That(crashed.LostInFlight, Is.EqualTo("b"));
            Assert.That(() => ResumePlan.From(Read("fire a", Returned("a")), true).WithRecordedBugcheck(record), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void TheJournalWritesWhatTheHistoryReads()
    {
        string path = Path.Combine(_folder.FullName, "journal.txt");
        using (var journal = new Journal(path, syncToDisk: false))
        {
            journal.Started(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
            journal.Firing(["a", "b", "c"]);
            journal.Returned([Outcome("a")]);
            journal.Abandoned(["c"]);
        }

        var history = JournalHistory.Read(path);
        Assert.That((history.StartedAt!.Value.Hour, history.Outcomes.Single().CaseId, string.Join(",", history.Unreturned), history.InFlight),
            Is.EqualTo((9, "a", "b", "b")));
    }

    [Test]
    public void ReopeningAJournalCutsOffTheRecordACrashTore()
    {
        string path = Path.Combine(_folder.FullName, "journal.txt");
        File.WriteAllText(path, "fire a\n" + "outcome " + OutcomeRecord.ToLine(Outcome("a"))[..30]);
        using (var journal = new Journal(path, syncToDisk: false))
        {
            journal.Firing(["b"]);
        }

        Assert.That(File.ReadAllText(path), Is.EqualTo("fire a\nfire b\n"));
    }

    [Test]
    public void OneWriterAtATime()
    {
        string path = Path.Combine(_folder.FullName, "journal.txt");
        using (var first = new Journal(path, syncToDisk: false))
        {
            Assert.That(() => new Journal(path, syncToDisk: false), Throws.TypeOf<IOException>().With.Message.Contains("another run"));
            Assert.That(JournalHistory.Read(path).Outcomes, Is.Empty, "readers are never refused");
        }

        using var next = new Journal(path, syncToDisk: false);
        Assert.That(File.Exists(path + ".lock"), Is.True);
    }

    [Test]
    public void TheOptionsOfTheRunAreReadBack()
    {
        string path = Path.Combine(_folder.FullName, "journal.txt");
        using (var journal = new Journal(path, syncToDisk: false))
        {
            journal.Options(new Dictionary<string, string> { ["defect_variant"] = "2", ["filter"] = "" });
        }

        Assert.That(JournalHistory.Read(path).Options, Is.EquivalentTo(new Dictionary<string, string> { ["defect_variant"] = "2", ["filter"] = "" }));
        Assert.That(Read("fire a").Options, Is.Null);
    }

    private static CallOutcome Outcome(string id, CallEnd end = CallEnd.Completed) =>
        new() { CaseId = id, End = end, ReachedDriver = true, OutputAfter = [1, 2, 3] };

    private static string Returned(string id, CallEnd end = CallEnd.Completed) => "outcome " + OutcomeRecord.ToLine(Outcome(id, end));

    private JournalHistory Read(params string[] lines) => JournalHistory.Read(Write(lines));

    private string Write(params string[] lines)
    {
        string path = Path.Combine(_folder.FullName, $"journal-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
