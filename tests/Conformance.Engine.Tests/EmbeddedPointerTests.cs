using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// Symbolic pointers end to end: the scenarios of tests/drivers/embedded-pointers aim the pointers inside a
/// METHOD_NEITHER input at the simulator's kernel pages, the case's own buffers, NULL and a no-access page, and the
/// engine must catch each trusting IOCTL with the category that fits its bug while its probed twin gives no finding.
/// </summary>
[TestFixture]
public sealed class EmbeddedPointerTests
{
    private IReadOnlyDictionary<string, CaseResult> results = null!;
    private string runDirectory = null!;

    [OneTimeSetUp]
    public async Task RunTheDriversScenarios()
    {
        var settings = Repository.Settings() with { ScenariosRoot = Path.Combine(Repository.Root, "tests", "drivers", "embedded-pointers", "scenarios") };
        await using var run = ConformanceRun.Open(settings);
        var all = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        run.Complete();
        runDirectory = run.Directory;
        results = all.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    [Test]
    public void EveryProbedTwinPassesEveryCase()
    {
        var probed = results.Values.Where(r => r.Case.Ioctl.Name.EndsWith("_PROBED", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(probed, Has.Count.EqualTo(15 + 6 + 6 + 6));
            Assert.That(probed.Where(r => r.Verdict != CaseVerdict.Pass).Select(r => $"{r.Id}: {string.Join("; ", r.Findings.Select(f => f.Message))}"), Is.Empty);
        });
    }

    [TestCase("write-what-where", "input.pointer@0=output,input.pointer@8=kernel_canary", FindingCategory.ArbitraryWrite)]
    [TestCase("write-what-where", "input.pointer@0=kernel_secret,input.pointer@8=kernel_canary", FindingCategory.ArbitraryWrite)]
    [TestCase("write-what-where", "input.pointer@0=kernel_secret,input.pointer@8=output+8", FindingCategory.ArbitraryRead)]
    [TestCase("write-what-where", "input.pointer@0=output,input.pointer@8=kernel_unmapped", FindingCategory.Bugcheck)]
    [TestCase("write-what-where", "input.pointer@0=output,input.pointer@8=output+8", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-what-where", "input.pointer@0=output,input.pointer@8=null", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-what-where", "input.pointer@0=null,input.pointer@8=kernel_canary", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-what-where", "input.pointer@0=output,input.pointer@8=no_access_user", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-read", "input.pointer@0=kernel_secret", FindingCategory.ArbitraryRead)]
    [TestCase("arbitrary-read", "input.pointer@0=kernel_unmapped", FindingCategory.Bugcheck)]
    [TestCase("arbitrary-read", "input.pointer@0=kernel_canary", FindingCategory.WrongStatus)]
    [TestCase("arbitrary-read", "input.pointer@0=input+8", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-read", "input.pointer@0=null", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-read", "input.pointer@0=no_access_user", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-null", "input.pointer@0=kernel_canary", FindingCategory.ArbitraryWrite)]
    [TestCase("write-null", "input.pointer@0=kernel_secret", FindingCategory.ArbitraryWrite)]
    [TestCase("write-null", "input.pointer@0=kernel_unmapped", FindingCategory.Bugcheck)]
    [TestCase("write-null", "input.pointer@0=output+8", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-null", "input.pointer@0=null", FindingCategory.UnprobedUserAccess)]
    [TestCase("write-null", "input.pointer@0=no_access_user", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-increment", "input.content=canary", FindingCategory.ArbitraryWrite)]
    [TestCase("arbitrary-increment", "input.content=secret", FindingCategory.ArbitraryWrite)]
    [TestCase("arbitrary-increment", "input.content=unmapped", FindingCategory.Bugcheck)]
    [TestCase("arbitrary-increment", "input.content=output", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-increment", "input.content=near_null", FindingCategory.UnprobedUserAccess)]
    [TestCase("arbitrary-increment", "input.content=no_access", FindingCategory.UnprobedUserAccess)]
    public void TheTrustingTwinIsCaughtWithTheCategoryOfItsBug(string scenario, string pointers, FindingCategory category)
    {
        string ioctl = scenario switch
        {
            "write-what-where" => "IOCTL_EP_WRITE_WHAT_WHERE",
            "arbitrary-read" => "IOCTL_EP_ARBITRARY_READ",
            "arbitrary-increment" => "IOCTL_EP_ARBITRARY_INCREMENT",
            _ => "IOCTL_EP_WRITE_NULL",
        };
        var result = results[$"{scenario}[ioctl={ioctl},{pointers}]"];

        // Findings come most severe first: the first one is what the case is reported as.
        Assert.That(result.Findings.Select(f => f.Category).FirstOrDefault(), Is.EqualTo(category),
            () => string.Join("; ", result.Findings.Select(f => $"{f.Category.ToReportName()}: {f.Message}")));
    }

    [Test]
    public void APointerAtTheCallsOwnBufferIsNotTakenForAByteTheDriverChanged()
    {
        // The input holds the resolved addresses, not the zero bytes the scenario wrote: judged on those, the
        // input is unchanged (no READONLY_WRITE) and the case's only finding is the driver's unprobed touch.
        var result = results["write-what-where[ioctl=IOCTL_EP_WRITE_WHAT_WHERE,input.pointer@0=output,input.pointer@8=output+8]"];
        var values = result.Outcome!.PointerValues!;
        Assert.Multiple(() =>
        {
            Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.UnprobedUserAccess }));
            Assert.That(values[1] - values[0], Is.EqualTo(8), "output+8 is 8 bytes past output");
            Assert.That(BitConverter.ToUInt64(result.Outcome.InputAfter!, 8), Is.EqualTo(values[1]));
        });
    }

    [Test]
    public async Task TheReproducersAimThePointersAtTheSameThingsAndFindTheSameBugs()
    {
        // A reproducer names what each pointer points at, never the addresses of the run that found it: replayed in a
        // new SimHost, whose buffers land elsewhere, every case fails again with the same headline category.
        string repro = Path.Combine(runDirectory, "repro");
        var failing = results.Values.Where(r => r.Verdict == CaseVerdict.Fail).ToList();
        var text = File.ReadAllText(Directory.EnumerateFiles(repro, "*.yaml").Order(StringComparer.Ordinal).First());

        await using var again = ConformanceRun.Open(Repository.Settings() with { ScenariosRoot = repro });
        var replayed = await again.RunAsync(again.SelectedCases, null, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("pointers: [{ offset: 0, to: \"output+4\", size: 8 }]"));
            Assert.That(replayed.Select(r => r.Findings[0].Category), Is.EqualTo(failing.Select(r => r.Findings[0].Category)));
        });
    }
}
