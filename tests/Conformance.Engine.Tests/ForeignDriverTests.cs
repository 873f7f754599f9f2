using Conformance.Engine.DriverBuilds;
using Conformance.Simulator.Protocol;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// A public-style WDM driver (tests/drivers/legacy-wdm) built unmodified by build-driver's engine, loaded, and run
/// against its own catalog; and what the build refuses or reports.
/// </summary>
[TestFixture]
public sealed class ForeignDriverTests
{
    private static readonly string LegacySources = Path.Combine(Repository.Root, "tests", "drivers", "legacy-wdm");
    private static readonly string LegacyCatalog = Path.Combine(LegacySources, "scenarios");

    private string workspace = null!;
    private DriverBuildReport release = null!;

    [OneTimeSetUp]
    public async Task BuildReleaseAsync()
    {
        workspace = Directory.CreateTempSubdirectory("conformance-foreign-").FullName;
        release = await DriverBuild.RunAsync(Request("liblegacy_wdm.so"), loadCheck: true, CancellationToken.None);
        Assert.That(release.Compile.Succeeded, Is.True, release.Compile.Diagnostics);
    }

    [OneTimeTearDown]
    public void RemoveWorkspace() => Directory.Delete(workspace, recursive: true);

    [Test]
    public void TheLegacyDriverBuildsUnmodifiedAndShowsWhatDriverEntryMade()
    {
        var load = release.Load!;
        var logCreate = load.FileAccesses.Records.Single(r => r.Operation == FileOperation.Create);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(release.Succeeded, Is.True, release.LoadError ?? load.Failure);
            Assert.That(load.Devices, Is.EqualTo(new[] { @"\Device\LegacyWdm" }));
            Assert.That(load.SymbolicLinks, Is.EqualTo(new[] { new SymbolicLinkName(@"\DosDevices\LegacyWdm", @"\Device\LegacyWdm") }));
            Assert.That((logCreate.Path, logCreate.Status), Is.EqualTo((@"\SystemRoot\Temp\LegacyWdm.log", 0)));
            Assert.That(logCreate.Traits.HasFlag(FileAccessTraits.KernelHandle), Is.True);
            // Its free build has an unused local (the debug dump's buffer): shown, not fatal.
            Assert.That(release.Compile.Diagnostics, Does.Contain("warning: unused variable 'buffer'"));
            Assert.That(release.Compile.Arguments, Does.Contain("-fms-compatibility").And.Not.Contains("-DDBG=1"));
        }
    }

    [Test]
    public async Task ItsCatalogRunsWithoutAFailure()
    {
        var settings = Repository.Settings() with { ScenariosRoot = LegacyCatalog, DriverPath = Path.Combine(workspace, "liblegacy_wdm.so") };
        await using var run = ConformanceRun.Open(settings);

        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        string log = Path.Combine(run.SandboxDirectory, "C", "Windows", "Temp", "LegacyWdm.log");

        using (Assert.EnterMultipleScope())
        {
            Assert.That(results, Has.Count.EqualTo(run.SelectedCases.Count).And.Count.GreaterThan(50));
            Assert.That(results.Where(r => r.Verdict != CaseVerdict.Pass).Select(r => $"{r.Id}: {string.Join("; ", r.Findings.Select(f => f.Message))}"), Is.Empty);
            Assert.That(File.ReadAllText(log), Does.StartWith("LegacyWdm loaded\r\n").And.Contains("a line from a conformance case\r\n"));
            // Its DbgPrintEx lines (a free build has no KdPrint) are kept beside the results, not lost in SimHost's stderr.
            Assert.That(File.ReadAllText(run.DriverDebugOutput), Does.Contain("LegacyWdm: DriverEntry\n"));
        }
    }

    [Test]
    public async Task ADebugBuildsDumpReadsPastAOneByteEchoWhichTheReleaseBuildNeverPrints()
    {
        var debug = await DriverBuild.RunAsync(Request("liblegacy_wdm_dbg.so") with { Defines = ["DBG=1"] }, loadCheck: false, CancellationToken.None);
        Assert.That(debug.Compile.Succeeded, Is.True, debug.Compile.Diagnostics);
        const string OneByteEcho = "legacy-wdm/echo[input.declared_length=1,output.declared_length=1,input.state=read_write]";

        async Task<Verdicts.CaseResult> RunAsync(string driver)
        {
            var settings = Repository.Settings(filter: OneByteEcho) with { ScenariosRoot = LegacyCatalog, DriverPath = driver };
            await using var run = ConformanceRun.Open(settings);
            return (await run.RunAsync(run.SelectedCases, null, CancellationToken.None)).Single();
        }

        var checkedResult = await RunAsync(Path.Combine(workspace, "liblegacy_wdm_dbg.so"));
        var freeResult = await RunAsync(Path.Combine(workspace, "liblegacy_wdm.so"));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(checkedResult.Findings.Select(f => f.Category), Does.Contain(FindingCategory.PoolOverflow), "a special-pool overrun names its cause");
            Assert.That(checkedResult.Outcome?.Bugcheck?.Code, Is.EqualTo(0xCD), "PAGE_FAULT_BEYOND_END_OF_ALLOCATION: the dump's second ULONG");
            Assert.That(freeResult.Verdict, Is.EqualTo(CaseVerdict.Pass));
        }
    }

    [Test]
    public async Task WarningsAsErrorsFailsTheBuildAtTheWarningsLine()
    {
        var report = await DriverBuild.RunAsync(Request("werror.so") with { WarningsAsErrors = true }, loadCheck: true, CancellationToken.None);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((report.Succeeded, report.Load), Is.EqualTo((false, (Targets.Simulator.DriverLoadReport?)null)));
            Assert.That(report.Compile.Diagnostics, Does.Match(@"ioctl\.c:\d+:\d+: error: unused variable 'buffer'"));
            Assert.That(File.Exists(Path.Combine(workspace, "werror.so")), Is.False);
        }
    }

    [Test]
    public async Task ARoutineTheShimLacksIsAnErrorAtTheLineThatCallsIt()
    {
        var report = await BuildDriverEntryAsync("spin", "KeStallExecutionProcessor(10);\n    return STATUS_SUCCESS;");

        Assert.That(report.Succeeded, Is.False);
        Assert.That(report.Compile.Diagnostics, Does.Contain("spin.c:6:5: error: implicit declaration of function 'KeStallExecutionProcessor'"));
    }

    [Test]
    public async Task AFailingDriverEntryIsReportedWithItsStatus()
    {
        var report = await BuildDriverEntryAsync("failing", "return STATUS_INSUFFICIENT_RESOURCES;");

        Assert.That((report.Compile.Succeeded, report.Succeeded, report.Load?.DriverEntryStatus), Is.EqualTo((true, false, unchecked((int)0xC000009A))));
    }

    [TestCase("no-such-folder", "is not there")]
    [TestCase("legacy_ioctl.h", "is not a C source")]
    public void SourcesThatCannotBeBuiltAreRefusedBeforeTheCompilerRuns(string source, string expected)
    {
        var request = Request("never.so") with { Sources = [Path.Combine(LegacySources, source)] };

        Assert.That(() => DriverBuild.RunAsync(request, loadCheck: false, CancellationToken.None), Throws.TypeOf<DriverBuildException>().With.Message.Contains(expected));
    }

    // A one-file driver whose DriverEntry body is `body` (line 6 is its first line), built and load-checked.
    private Task<DriverBuildReport> BuildDriverEntryAsync(string name, string body)
    {
        string folder = Directory.CreateDirectory(Path.Combine(workspace, name)).FullName;
        File.WriteAllText(Path.Combine(folder, name + ".c"), $$"""
            #include <ntddk.h>
            NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)
            {
                UNREFERENCED_PARAMETER(DriverObject);
                UNREFERENCED_PARAMETER(RegistryPath);
                {{body}}
            }
            """);
        return DriverBuild.RunAsync(Request(name + ".so") with { Sources = [folder] }, loadCheck: true, CancellationToken.None);
    }

    private DriverBuildRequest Request(string library) => new()
    {
        Sources = [LegacySources],
        Output = Path.Combine(workspace, library),
        ShimInclude = DriverBuildRequest.ShimIncludeIn(Repository.Root),
    };
}
