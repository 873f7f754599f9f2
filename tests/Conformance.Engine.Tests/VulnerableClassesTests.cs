using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// The vulnerable-by-design driver of tests/drivers/vulnerable-classes, built with build-driver, against its own
/// catalog: every bug class is caught with the category that fits it, and the fixed twin (the same sources with
/// -D FIXED_TWIN=1) passes every case. docs/bug-classes.md has the same table.
/// </summary>
[TestFixture]
public sealed class VulnerableClassesTests
{
    private VulnerableClassesBuild build = null!;
    private IReadOnlyDictionary<string, CaseResult> vulnerable = null!;
    private IReadOnlyList<CaseResult> twin = null!;

    [OneTimeSetUp]
    public async Task BuildAndRunBothAsync()
    {
        build = await VulnerableClassesBuild.RunAsync();
        vulnerable = (await RunCatalogAsync(build.Vulnerable)).ToDictionary(r => r.Id, StringComparer.Ordinal);
        twin = await RunCatalogAsync(build.Fixed);
    }

    [OneTimeTearDown]
    public void RemoveBuild() => build.Dispose();

    // One case per class: the case that shows the bug, and the category it must be reported with (the headline: findings
    // come most severe first).
    [TestCase("stack-overflow-gs[input.declared_length=size,input.state=read_write]", FindingCategory.StackBufferOverrun)]
    [TestCase("stack-overflow-gs[input.declared_length=1024,input.state=guard_tail]", FindingCategory.StackBufferOverrun)]
    [TestCase("stack-overflow-no-gs[input.declared_length=size,input.state=read_write]", FindingCategory.StackBufferOverrun)]
    [TestCase("stack-overflow-no-gs[input.declared_length=1024,input.state=guard_tail]", FindingCategory.StackBufferOverrun)]
    [TestCase("pool-overflow[input.declared_length=257]", FindingCategory.PoolOverflow)]
    [TestCase("type-confusion[input.content=handler]", FindingCategory.DataExecution)]
    [TestCase("integer-overflow[input.content=wrapping]", FindingCategory.PoolOverflow)]
    [TestCase("null-dereference[input.content=other]", FindingCategory.NullDereference)]
    [TestCase("uninitialized-stack[input.content=other]", FindingCategory.UninitializedMemory)]
    [TestCase("uninitialized-pool[input.content=other]", FindingCategory.UninitializedMemory)]
    [TestCase("write-what-where[input.pointer@0=output,input.pointer@8=kernel_canary]", FindingCategory.ArbitraryWrite)]
    [TestCase("write-null[input.pointer@0=kernel_canary]", FindingCategory.ArbitraryWrite)]
    [TestCase("arbitrary-increment[input.pointer@0=kernel_canary]", FindingCategory.ArbitraryWrite)]
    [TestCase("memory-disclosure[output.declared_length=64]", FindingCategory.InfoLeak)]
    [TestCase("open-user-file[input.content=temp]", FindingCategory.UncheckedFileOpen)]
    public void TheVulnerableBuildIsCaughtWithTheCategoryOfItsBug(string caseId, FindingCategory category)
    {
        var result = vulnerable[caseId];

        Assert.That(result.Findings.Select(f => f.Category).FirstOrDefault(), Is.EqualTo(category),
            () => string.Join("; ", result.Findings.Select(f => $"{f.Category.ToReportName()}: {f.Message}")));
    }

    [Test]
    public void ACrashStaysVisibleInTheMessageOfItsCategory()
    {
        var crashes = vulnerable.Values.Where(r => r.Outcome?.End == Targets.CallEnd.Bugcheck).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(crashes, Has.Count.GreaterThan(10));
            Assert.That(crashes.Select(r => r.Findings.Single().Message), Has.All.StartWith("bugcheck 0x"));
            Assert.That(crashes.Select(r => r.Findings.Single().Category), Has.None.EqualTo(FindingCategory.Bugcheck), "every crash here has a known cause");
        });
    }

    [Test]
    public void EveryCaseOfTheVulnerableBuildGetsAVerdict()
    {
        // No host lost without a record: the overruns that wreck the stack stop the machine with a bugcheck record.
        Assert.That(vulnerable.Values.Where(r => r.Verdict == CaseVerdict.Error).Select(r => $"{r.Id}: {r.Note}"), Is.Empty);
    }

    [Test]
    public void TheFixedTwinPassesEveryCase()
    {
        Assert.Multiple(() =>
        {
            Assert.That(twin, Has.Count.EqualTo(vulnerable.Count).And.Count.EqualTo(40));
            Assert.That(twin.Where(r => r.Verdict != CaseVerdict.Pass).Select(r => $"{r.Id}: {string.Join("; ", r.Findings.Select(f => f.Message))}"), Is.Empty);
        });
    }

    private static async Task<IReadOnlyList<CaseResult>> RunCatalogAsync(string driver)
    {
        var settings = Repository.Settings() with { ScenariosRoot = VulnerableClassesBuild.Catalog, DriverPath = driver };
        await using var run = ConformanceRun.Open(settings);
        return await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
    }
}
