using Conformance.Engine.Fuzzing;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests.Fuzzing;

/// <summary>
/// Short fuzz sessions with a fixed seed and an exec budget (counted, never timed): each must find its seeded defect,
/// write a reproducer that fails again through `run --scenarios FILE`, and a second session must resume from the
/// corpus the first one left.
/// </summary>
[TestFixture]
public sealed class FuzzSessionTests
{
    private string corpus = null!;

    [SetUp]
    public void MakeCorpus() => corpus = Directory.CreateTempSubdirectory("conformance-fuzz-").FullName;

    [TearDown]
    public void RemoveCorpus() => Directory.Delete(corpus, recursive: true);

    private FuzzSettings Settings(uint variant, ulong execs, params string[] ioctls) => new()
    {
        Run = Repository.Settings(variant: variant),
        CorpusDirectory = corpus,
        Duration = TimeSpan.Zero,
        MaxExecs = execs,
        Seed = 7,
        Ioctls = ioctls,
    };

    private static async Task<FuzzSummary> FuzzAsync(FuzzSettings settings)
    {
        var session = FuzzSession.Open(settings);
        await using (session)
        {
            return await session.RunAsync(null, CancellationToken.None, CancellationToken.None);
        }
    }

    private static async Task<CaseResult> ReplayAsync(string file, uint variant)
    {
        var settings = Repository.Settings(variant: variant) with { ScenariosRoot = file };
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();
        return results.Single();
    }

    [Test]
    public async Task AShortSessionFindsTheInformationLeakOfVariant16AndItsReproducerFailsAgain()
    {
        var summary = await FuzzAsync(Settings(16, 3000, "IOCTL_SAMPLE_BUFFERED_TRANSFORM"));

        var leak = summary.NewFindings.FirstOrDefault(f => f.Key.StartsWith("INFO_LEAK @", StringComparison.Ordinal));
        Assert.That(leak, Is.Not.Null, string.Join("; ", summary.NewFindings.Select(f => f.Key)));
        Assert.That(File.ReadAllText(leak!.File), Does.StartWith("# fuzz-finding: INFO_LEAK @"));

        var replay = await ReplayAsync(leak.File, 16);
        Assert.Multiple(() =>
        {
            Assert.That(replay.Verdict, Is.EqualTo(CaseVerdict.Fail));
            Assert.That(replay.Findings.Select(f => f.Category), Does.Contain(FindingCategory.InfoLeak));
        });
    }

    [Test]
    public async Task AShortSessionFindsTheCrashOfVariant10AndItsReproducerCrashesAgain()
    {
        var summary = await FuzzAsync(Settings(10, 2000, "IOCTL_SAMPLE_IN_DIRECT_STORE"));

        // A crash is named by its cause when one is recognised (variant 10 reads through a NULL MDL: NULL_DEREFERENCE).
        var crashNames = Enum.GetValues<FindingCategory>().Where(BugcheckCause.IsCrash).Select(c => c.ToReportName() + " @").ToList();
        var crash = summary.NewFindings.FirstOrDefault(f => crashNames.Any(name => f.Key.StartsWith(name, StringComparison.Ordinal)));
        Assert.That(crash, Is.Not.Null, string.Join("; ", summary.NewFindings.Select(f => f.Key)));
        Assert.That(summary.Restarts, Is.GreaterThan(0), "the crash took the fuzzing host down");

        var replay = await ReplayAsync(crash!.File, 10);
        Assert.That(replay.Findings.Select(f => f.Category).Where(BugcheckCause.IsCrash), Is.Not.Empty);
    }

    [Test]
    public async Task ASessionOnTheObjectTableFindsTheStaleCloseThroughASequenceAndItsReproducerFailsAgain()
    {
        // From an empty corpus: the loop must learn to create, carry the id into a CLOSE_STALE and use or close it again.
        string catalog = Path.Combine(Repository.Root, "tests", "drivers", "object-table", "scenarios");
        var settings = Settings(0, 12000) with { Run = Repository.Settings() with { ScenariosRoot = catalog }, Device = "object-table", CrashesPerIoctl = 1000 };

        var summary = await FuzzAsync(settings);

        var stale = summary.NewFindings.FirstOrDefault(f => f.Key.StartsWith("USE_AFTER_FREE @", StringComparison.Ordinal) || f.Key.StartsWith("DOUBLE_FREE @", StringComparison.Ordinal));
        Assert.That(stale, Is.Not.Null, $"found {string.Join("; ", summary.NewFindings.Select(f => f.Key))}; not reproduced {string.Join("; ", summary.Unreproduced)}; "
            + $"{summary.Execs} execs, {summary.Restarts} restarts, dropped {string.Join(", ", summary.ExcludedIoctls)}");
        string reproducer = File.ReadAllText(stale!.File);
        Assert.That(reproducer, Does.Contain("steps:").And.Contain("copies:"), "written as a sequence whose id is carried by a copy");

        var replay = await ReplayAsync(stale.File, 0);
        Assert.Multiple(() =>
        {
            Assert.That(replay.Verdict, Is.EqualTo(CaseVerdict.Fail), reproducer);
            Assert.That(replay.Findings.Select(f => f.Category), Has.Some.AnyOf(FindingCategory.UseAfterFree, FindingCategory.DoubleFree), reproducer);
        });
    }

    [Test]
    public async Task ASecondSessionResumesFromTheCorpusAndKnowsItsFindings()
    {
        var first = await FuzzAsync(Settings(16, 1500, "IOCTL_SAMPLE_BUFFERED_TRANSFORM"));
        var second = await FuzzAsync(Settings(16, 500, "IOCTL_SAMPLE_BUFFERED_TRANSFORM") with { Seed = 8 });

        Assert.Multiple(() =>
        {
            Assert.That(first.CorpusSize, Is.GreaterThan(1));
            Assert.That(second.Resumed, Is.EqualTo(first.CorpusSize));
            Assert.That(second.AllFindings.Select(f => f.Key), Is.SupersetOf(first.NewFindings.Select(f => f.Key)));
            Assert.That(second.NewFindings.Select(f => f.Key), Has.None.AnyOf(first.NewFindings.Select(f => f.Key).ToArray()), "a known (category, site) is not written again");
        });
    }

    [Test]
    public async Task TheSameSeedAndBudgetGiveTheSameCorpus()
    {
        var first = await FuzzAsync(Settings(0, 1000, "IOCTL_SAMPLE_NEITHER_RECORDS"));
        string firstQueue = Path.Combine(first.DeviceDirectory, "queue");
        var names = Directory.GetFiles(firstQueue).Select(Path.GetFileName).Order().ToList();
        Directory.Delete(corpus, recursive: true);
        Directory.CreateDirectory(corpus);

        var second = await FuzzAsync(Settings(0, 1000, "IOCTL_SAMPLE_NEITHER_RECORDS"));

        Assert.That(Directory.GetFiles(Path.Combine(second.DeviceDirectory, "queue")).Select(Path.GetFileName).Order(), Is.EqualTo(names));
    }

    [Test]
    public void AnUnknownIoctlIsAUsageError() =>
        Assert.That(() => FuzzSession.Open(Settings(0, 10, "IOCTL_NOPE")), Throws.TypeOf<RunSettingsException>().With.Message.Contains("IOCTL_NOPE"));
}
