using Conformance.Coverage;
using Conformance.Engine.DriverBuilds;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// run --coverage on tests/drivers/coverage-probe, whose source marks the lines its catalog reaches ("reached") and
/// those it never reaches ("never"): a gcc build (its Makefile's coverage target) and a clang one (build-driver).
/// </summary>
[TestFixture]
public sealed class CoverageTests
{
    private static readonly string ProbeFolder = Path.Combine(Repository.Root, "tests", "drivers", "coverage-probe");
    private static readonly string ProbeCatalog = Path.Combine(ProbeFolder, "scenarios");
    private const string ProbeSource = "tests/drivers/coverage-probe/driver.c";

    private static readonly string[] SourceLines = File.ReadAllLines(Path.Combine(ProbeFolder, "driver.c"));

    private static int[] Marked(string mark) =>
        [.. SourceLines.Select((text, index) => (text, Number: index + 1)).Where(l => l.text.EndsWith($"/* {mark} */", StringComparison.Ordinal)).Select(l => l.Number)];

    private static int LineOf(string text) => Array.FindIndex(SourceLines, l => l.Contains(text, StringComparison.Ordinal)) + 1;

    private static async Task<(IReadOnlyList<CaseResult> Results, CoverageReport Coverage, string Folder)> RunAsync(Conformance.Engine.RunSettings settings)
    {
        await using var run = ConformanceRun.Open(settings with { ScenariosRoot = ProbeCatalog, Coverage = true });
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        var completed = run.Complete();
        return (results, completed.Coverage!, run.CoverageDirectory);
    }

    [Test]
    public async Task AGccBuildCountsExactlyTheMarkedLinesAndKeepsTheCountsOfTheHostThatCrashed()
    {
        var (results, coverage, _) = await RunAsync(Repository.Settings());
        var file = coverage.Files.Single();
        var covered = file.Lines.Where(l => l.Covered).Select(l => l.Number).ToHashSet();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results.Single(r => r.Id == "coverage-probe/b-crash").Findings.Select(f => f.Category), Does.Contain(FindingCategory.NullDereference));
            Assert.That((coverage.Tool, coverage.Error, file.File), Is.EqualTo(("gcov", (string?)null, ProbeSource)));
            Assert.That(coverage.Uncovered.Select(u => u.Line.Number), Is.EqualTo(Marked("never")));
            Assert.That(Marked("reached"), Is.SubsetOf(covered));
            // The crashing case never returned: its lines up to the crash reached the counts through the bugcheck path's flush.
            Assert.That(file.Lines[LineOf("ProbeCrashWrite(NULL);") - 1].Count, Is.EqualTo(1));
            // DriverEntry ran in the host that crashed and in the one started after it: both hosts' counts add up.
            Assert.That(file.Lines[LineOf("RtlInitUnicodeString(&name") - 1].Count, Is.EqualTo(2));
            // Only BRANCH's long-input arm ran: its if is partly covered.
            Assert.That(coverage.Partial.Select(p => p.Line.Number), Does.Contain(LineOf("if (inputLength >= sizeof(ULONG))")));
            Assert.That(coverage.LinesPercent, Is.EqualTo(CoverageReport.Percent(covered.Count, file.LinesTotal)));
        }
    }

    [Test]
    public async Task AClangBuildFromBuildDriverIsMeasuredWithLlvmCov()
    {
        string workspace = Directory.CreateTempSubdirectory("conformance-coverage-").FullName;
        try
        {
            string library = Path.Combine(workspace, "libcoverage_probe.so");
            var request = new DriverBuildRequest { Sources = [ProbeFolder], Output = library, ShimInclude = DriverBuildRequest.ShimIncludeIn(Repository.Root) };
            var built = await DriverBuild.RunAsync(request, loadCheck: false, CancellationToken.None);
            Assert.That(built.Compile.Succeeded, Is.True, built.Compile.Diagnostics);

            var (_, coverage, folder) = await RunAsync(Repository.Settings(filter: "a-branch") with { DriverPath = library });
            var lines = coverage.Files.Single().Lines;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(coverage.Tool, Does.StartWith("llvm-cov").And.EndWith(" gcov"), coverage.Error);
                Assert.That(Directory.EnumerateFiles(folder, "*.gcda", SearchOption.AllDirectories), Is.Not.Empty);
                Assert.That(lines[LineOf("LongInputs++;") - 1].Count, Is.EqualTo(1));
                Assert.That(lines[LineOf("ShortInputs++;") - 1].Covered, Is.False);
                Assert.That(lines[LineOf("if (inputLength >= sizeof(ULONG))") - 1].Partial, Is.True);
                Assert.That(coverage.Files.Single().File, Is.EqualTo(ProbeSource), "the shim's headers are not the driver's");
            }
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    [Test]
    public void ADriverWithNoWayToBuildItWithCoverageIsRefusedBeforeAnythingIsMade()
    {
        string workspace = Directory.CreateTempSubdirectory("conformance-coverage-").FullName;
        try
        {
            string library = Path.Combine(workspace, "libcoverage_probe.so");
            File.Copy(Path.Combine(ProbeFolder, "build", "libcoverage_probe.so"), library);
            var settings = Repository.Settings() with { ScenariosRoot = ProbeCatalog, DriverPath = library, Coverage = true };

            var refusal = Assert.Throws<RunSettingsException>(() => ConformanceRun.Open(settings));

            Assert.That(refusal!.Message, Does.Contain("conformance build-driver").And.Contain("COVERAGE_DIR"));
            Assert.That(Directory.EnumerateFileSystemEntries(settings.ResolvedResultsRoot), Is.Empty);
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }
}
