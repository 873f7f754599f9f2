using System.Text.RegularExpressions;
using Conformance.Engine.DriverBuilds;
using Conformance.Simulator.Protocol;
using CaseResult = Conformance.Verdicts.CaseResult;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// The public-style driver corpus under tests/drivers (issue 10; legacy-wdm has <see cref="ForeignDriverTests"/>): each
/// driver built unmodified by build-driver's engine and run against its own catalog with zero findings; and the same
/// source with one classic mistake put back, to show that the catalog's hard cases (the protection racer on the MDL's
/// pages, the export to a caller-named file) really bite.
/// </summary>
[TestFixture]
public sealed partial class CorpusDriverTests
{
    private const string DirectIoMdl = "direct-io-mdl";
    private const string FileLogger = "file-logger";

    private string workspace = null!;

    [OneTimeSetUp]
    public void MakeWorkspace() => workspace = Directory.CreateTempSubdirectory("conformance-corpus-").FullName;

    [OneTimeTearDown]
    public void RemoveWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public async Task DirectIoMdlBuildsUnmodifiedAndItsCatalogHasNoFinding()
    {
        var (build, results, _, debugOutput) = await BuildAndRunAsync(DirectIoMdl, Sources(DirectIoMdl), accessTrace: true, filter: null);

        // Cases whose call got past the I/O manager's probe of the user view while a protection racer ran on the pages.
        var racedInDriver = results
            .Where(r => r.Case.Call.Racer.Kind == RacerKind.Protection && r.Outcome?.ReachedDriver == true && r.Outcome.Status == 0)
            .GroupBy(r => r.Case.Provenance.ScenarioId)
            .ToDictionary(g => g.Key, g => g.Count());
        TestContext.Out.WriteLine($"protection-racer cases that ran in the driver: {string.Join(", ", racedInDriver.Select(p => $"{p.Key} {p.Value}"))}");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.Load!.Devices, Is.EqualTo(new[] { @"\Device\DirectIoMdl" }));
            Assert.That(build.Compile.Diagnostics, Does.Not.Contain("warning:"));
            Assert.That(results, Has.Count.EqualTo(326));
            Assert.That(Failures(results), Is.Empty);
            Assert.That(debugOutput, Does.Contain("DirectIoMdl: DriverEntry").And.Not.Contain("checksum of"), "a release build has no KdPrint");
            Assert.That(racedInDriver.Keys, Is.EquivalentTo(new[] { "direct-io-mdl/checksum-race", "direct-io-mdl/transform-race" }), "a racer scenario never reached the driver");
        }
    }

    [Test]
    public async Task FileLoggerBuildsUnmodifiedAndItsCatalogHasNoFinding()
    {
        var (build, results, sandbox, debugOutput) = await BuildAndRunAsync(FileLogger, Sources(FileLogger), accessTrace: true, filter: null);
        var exportOpens = results
            .Where(r => r.Case.Id == "file-logger/export[input.content=windows-temp]")
            .SelectMany(r => r.Outcome!.FileOpens)
            .ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(build.Load!.FileAccesses.Records.Where(r => r.Operation == FileOperation.Create).Select(r => r.Path), Is.EqualTo(new[] { @"\SystemRoot\Temp\FileLogger", "requests.log" }), "the folder, then the log relative to it");
            Assert.That(build.Compile.Diagnostics, Does.Not.Contain("warning:"));
            Assert.That(results, Has.Count.EqualTo(327));
            Assert.That(Failures(results), Is.Empty);
            Assert.That(debugOutput, Does.Contain("FileLogger: DriverEntry").And.Not.Contain("appended"), "a release build has no FlogDebug");
            Assert.That(exportOpens.Select(o => (o.Path, o.Status, o.ForceAccessCheck, o.KernelHandle, o.UserContext)), Is.EqualTo(new[] { (@"\??\C:\Windows\Temp\flog-export.log", 0, true, true, true) }));

            // The export copied the log: whole 64-byte records, the first the one DriverEntry wrote.
            byte[] export = File.ReadAllBytes(Path.Combine(sandbox, "C", "Windows", "Temp", "flog-export.log"));
            Assert.That(export.Length % 64, Is.Zero);
            Assert.That(System.Text.Encoding.ASCII.GetString(export, 20, 17), Is.EqualTo("FileLogger loaded"));
        }
    }

    [TestCase(DirectIoMdl, "DirectIoMdl: checksum of 4096 bytes: ")]
    [TestCase(FileLogger, "FileLogger: appended 16 bytes with tag 11223344: 0x00000000")]
    public async Task ItsDebugBuildPrintsAndPassesTheSameCatalog(string driver, string debugLine)
    {
        // -D DBG=1: KdPrint and the driver's own DBG-only macro print, with the arguments a release build never evaluates.
        var (_, results, _, debugOutput) = await BuildAndRunAsync(driver, Sources(driver), accessTrace: true, filter: null, debugBuild: true);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(Failures(results), Is.Empty);
            Assert.That(debugOutput, Does.Contain(debugLine));
        }
    }

    [Test]
    public async Task WorkingOnTheUserAddressInsteadOfTheMdlMappingIsCaughtByTheProtectionRacer()
    {
        // The classic mistake: the caller's address (MmGetMdlVirtualAddress) instead of the system mapping. Built without
        // the access trace, so the only way to be caught is a real fault: the racer must re-protect the caller's pages
        // while the driver is working on them. The outcome has no count of the racer's flips; this is the proof it flips.
        string mutant = Mutate(DirectIoMdl, "ioctl.c", MdlMapping(), "MmGetMdlVirtualAddress($1)");
        var results = (await BuildAndRunAsync(DirectIoMdl, mutant, accessTrace: false, filter: "-race[")).Results;

        var crashed = results.Where(r => r.Findings.Any(f => f.Category == FindingCategory.Bugcheck)).ToList();
        TestContext.Out.WriteLine($"{crashed.Count} of {results.Count(r => r.Case.Call.Racer.Kind == RacerKind.Protection)} protection-racer cases crashed the mutant");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(crashed, Is.Not.Empty, "the racer never met the driver working on the user view");
            Assert.That(crashed.Select(r => r.Case.Call.Racer.Kind), Is.All.EqualTo(RacerKind.Protection));
        }
    }

    [Test]
    public async Task OpeningTheCallersFileWithoutAnAccessCheckIsCaught()
    {
        string mutant = Mutate(FileLogger, "ioctl.c", ForceAccessCheck(), string.Empty);
        var results = (await BuildAndRunAsync(FileLogger, mutant, accessTrace: true, filter: "file-logger/export[input.content=windows-temp]")).Results;

        Assert.That(results.Single().Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.UncheckedFileOpen }));
    }

    private static string Sources(string driver) => Path.Combine(Repository.Root, "tests", "drivers", driver);

    private static IEnumerable<string> Failures(IEnumerable<CaseResult> results) =>
        results.Where(r => r.Verdict != CaseVerdict.Pass).Select(r => $"{r.Id}: {string.Join("; ", r.Findings.Select(f => f.Message))}");

    // The driver's sources copied to the workspace with one pattern replaced in one file (it must match exactly once).
    private string Mutate(string driver, string file, Regex pattern, string replacement)
    {
        string folder = Directory.CreateDirectory(Path.Combine(workspace, driver + "-mutant")).FullName;
        foreach (string source in Directory.EnumerateFiles(Sources(driver)).Where(f => f.EndsWith(".c", StringComparison.Ordinal) || f.EndsWith(".h", StringComparison.Ordinal)))
        {
            File.Copy(source, Path.Combine(folder, Path.GetFileName(source)), overwrite: true);
        }

        string path = Path.Combine(folder, file);
        string text = File.ReadAllText(path);
        Assert.That(pattern.Count(text), Is.EqualTo(1), $"{pattern} in {file}");
        File.WriteAllText(path, pattern.Replace(text, replacement));
        return folder;
    }

    private async Task<CorpusRun> BuildAndRunAsync(string driver, string sources, bool accessTrace, string? filter, bool debugBuild = false)
    {
        string library = Path.Combine(workspace, $"{Path.GetFileName(sources)}{(debugBuild ? "-dbg" : string.Empty)}.so");
        var request = new DriverBuildRequest
        {
            Sources = [sources],
            Output = library,
            ShimInclude = DriverBuildRequest.ShimIncludeIn(Repository.Root),
            AccessTrace = accessTrace,
            Defines = debugBuild ? ["DBG=1"] : [],
        };
        var build = await DriverBuild.RunAsync(request, loadCheck: true, CancellationToken.None);
        Assert.That(build.Succeeded, Is.True, build.Compile.Diagnostics + build.LoadError + build.Load?.Failure);

        var settings = Repository.Settings(filter) with { ScenariosRoot = Path.Combine(Sources(driver), "scenarios"), DriverPath = library };
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        Assert.That(results, Has.Count.EqualTo(run.SelectedCases.Count));
        string debugOutput = File.Exists(run.DriverDebugOutput) ? File.ReadAllText(run.DriverDebugOutput) : string.Empty;
        return new CorpusRun(build, results, run.SandboxDirectory, debugOutput);
    }

    private sealed record CorpusRun(DriverBuildReport Build, IReadOnlyList<CaseResult> Results, string Sandbox, string DebugOutput);

    [GeneratedRegex(@"MmGetSystemAddressForMdlSafe\(([^,]+),[^)]*\)")]
    private static partial Regex MdlMapping();

    [GeneratedRegex(@" \| OBJ_FORCE_ACCESS_CHECK")]
    private static partial Regex ForceAccessCheck();
}
