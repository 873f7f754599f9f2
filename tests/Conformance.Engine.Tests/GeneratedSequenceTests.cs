using Conformance.Engine.Generation;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// generate writes call sequences from a profile's <c>sequences:</c> (docs/discover-generate.md): on
/// tests/drivers/object-table (CREATE, USE, CLOSE, and CLOSE_STALE which leaves a stale table entry) every sequence of
/// the correct IOCTLs passes and every sequence that touches an object after CLOSE_STALE freed it is caught, as a use
/// after free or a double free.
/// </summary>
[TestFixture]
public sealed class GeneratedSequenceTests
{
    private const string Stale = "ot-close-stale--";
    private GeneratedCatalog catalog = null!;
    private IReadOnlyDictionary<string, CaseResult> results = null!;
    private string folder = null!;

    [OneTimeSetUp]
    public async Task GenerateAndRunTheSequences()
    {
        folder = Directory.CreateTempSubdirectory("conformance-sequences-").FullName;
        string profile = Path.Combine(Repository.Root, "tests", "drivers", "object-table", "scenarios", "devices", "object-table.yaml");
        catalog = CatalogGenerator.Write(profile, Path.Combine(folder, "catalog"));
        var settings = Repository.Settings("sequence-object/", 0) with { ScenariosRoot = catalog.Folder };
        await using var run = ConformanceRun.Open(settings);
        var all = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();
        results = all.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    [OneTimeTearDown]
    public void RemoveTheFolder() => Directory.Delete(folder, recursive: true);

    [Test]
    public void EverySequenceKindIsWrittenForEveryUseAndRelease() =>
        Assert.Multiple(() =>
        {
            Assert.That(catalog.Errors, Is.Empty);
            Assert.That(catalog.Files.Count(f => f.Contains("sequence-object", StringComparison.Ordinal)), Is.EqualTo(17));
            Assert.That(results.Keys, Is.SupersetOf(new[]
            {
                "sequence-object/create-use-release--ot-use--ot-close",
                "sequence-object/use-after-release--ot-close--ot-use",
                "sequence-object/double-release--ot-close--ot-close",
                "sequence-object/stale-handle--ot-close--ot-use",
                "sequence-object/never-created--ot-use[input.content=zero]",
            }));
            Assert.That(results, Has.Count.EqualTo(26), "17 files; the never-created ones vary over 4 handle values");
        });

    [Test]
    public void EverySequenceWithoutTheStaleClosePassesOnTheCorrectDriver()
    {
        var correct = results.Values.Where(r => !r.Id.Contains("close-stale", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(correct, Has.Count.EqualTo(13), "5 sequences and 2 x 4 never-created handle values");
            Assert.That(correct.Where(r => r.Verdict != CaseVerdict.Pass).Select(r => $"{r.Id}: {r.Verdict} {r.Note} {string.Join("; ", r.Findings.Select(f => f.Message))}"), Is.Empty);
        });
    }

    [TestCase("use-after-release--ot-close-stale--ot-use", FindingCategory.UseAfterFree)]
    [TestCase("double-release--ot-close-stale--ot-close-stale", FindingCategory.DoubleFree)]
    [TestCase("double-release--ot-close-stale--ot-close", FindingCategory.UseAfterFree)]
    [TestCase("stale-handle--ot-close-stale--ot-use", FindingCategory.UseAfterFree)]
    [TestCase("stale-handle--ot-close-stale--ot-close-stale", FindingCategory.DoubleFree)]
    [TestCase("stale-handle--ot-close-stale--ot-close", FindingCategory.UseAfterFree)]
    public void EveryCallAfterTheStaleCloseIsCaught(string file, FindingCategory category)
    {
        var result = results[$"sequence-object/{file}"];
        Assert.Multiple(() =>
        {
            Assert.That(file, Does.Contain(Stale));
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Fail));
            Assert.That(result.Findings.Select(f => f.Category).First(), Is.EqualTo(category));
            Assert.That(result.Findings[0].Step, Is.Null, "the judged call (the last of the sequence) touched the freed object");
        });
    }

    [Test]
    public void TheStaleCloseIsCaughtOnlyWhenSomethingFollowsIt() =>
        Assert.That(results.Values.Where(r => r.Verdict == CaseVerdict.Fail).Select(r => r.Id).Order(StringComparer.Ordinal),
            Has.All.Contains(Stale), "a create -> use -> CLOSE_STALE alone is a correct life; only a later touch is a bug");

    [Test]
    public async Task ASequenceStartsOnAFreshDriverWhateverEarlierCasesLeftInIt()
    {
        // The whole catalog: the single-call CREATE cases before the sequences fill the driver's 64-slot table, and
        // CLOSE_STALE cases leave stale entries. Each sequence starts on a freshly loaded driver, so none of that
        // reaches it: no create step finds the table full, and only the CLOSE_STALE sequences fail.
        var settings = Repository.Settings(null, 0) with { ScenariosRoot = catalog.Folder };
        await using var run = ConformanceRun.Open(settings);
        var all = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();

        Assert.Multiple(() =>
        {
            Assert.That(all.Where(r => r.Verdict == CaseVerdict.Error).Select(r => r.Id), Is.Empty);
            Assert.That(all.Where(r => r.Verdict == CaseVerdict.Fail).Select(r => r.Id).Order(StringComparer.Ordinal),
                Is.EqualTo(results.Values.Where(r => r.Verdict == CaseVerdict.Fail).Select(r => r.Id).Order(StringComparer.Ordinal)));
        });
    }
}
