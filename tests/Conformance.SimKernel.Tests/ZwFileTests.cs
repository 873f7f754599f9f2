using System.Text;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator;
using static Conformance.SimKernel.Tests.ForeignExerciser;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// The Zw file routines against the sandbox folder (docs/foreign-drivers.md), through the real SimHost: files land
/// inside the sandbox and nowhere else, the documented statuses come back, and every call is in the kernel's record.
/// </summary>
[TestFixture]
public sealed class ZwFileTests
{
    private static readonly string[] OnlyTheTarget = ["target.txt"];
    private static readonly string[] TheSpellingItWasCreatedWith = ["Mixed.Txt"];

    private SimulatorTarget target = null!;
    private string sandbox = null!;

    [OneTimeSetUp]
    public async Task BootAsync()
    {
        sandbox = Directory.CreateTempSubdirectory("conformance-sandbox-").FullName;
        target = new SimulatorTarget(new SimulatorOptions
        {
            DriverPath = LibraryPath,
            DeviceName = Device,
            SandboxDirectory = sandbox,
            CallTimeout = TimeSpan.FromSeconds(20),
        });
        await target.StartAsync(CancellationToken.None);
    }

    [OneTimeTearDown]
    public async Task ShutdownAsync()
    {
        await target.DisposeAsync();
        Directory.Delete(sandbox, recursive: true);
    }

    [Test]
    public async Task AFileCreatedInsideTheSandboxIsWrittenThereAndRecorded()
    {
        const string Name = @"\??\C:\created.txt";
        var reply = await FileAsync(FileCall(Write, Name, disposition: OverwriteIf, attributes: ObjCaseInsensitive | ObjKernelHandle | ObjForceAccessCheck, data: "hello"));
        var records = (await target.ReadFileAccessesAsync(CancellationToken.None)).Records.Where(r => r.Path == Name).ToList();

        using (Assert.EnterMultipleScope())
        {
            Assert.That((reply.CreateStatus, reply.CreateInformation, reply.IoStatus, reply.IoInformation, reply.CloseStatus), Is.EqualTo((Status.Success, Created, Status.Success, 5UL, Status.Success)));
            Assert.That(File.ReadAllText(Path.Combine(sandbox, "C", "created.txt")), Is.EqualTo("hello"));
            Assert.That(records.Select(r => r.Operation), Is.EqualTo(new[] { FileOperation.Create, FileOperation.Write, FileOperation.Close }));
            var create = records[0];
            Assert.That((create.Status, create.DesiredAccess, create.Disposition, create.Information), Is.EqualTo((Status.Success, GenericWrite | Synchronize, OverwriteIf, Created)));
            Assert.That(create.Traits, Is.EqualTo(FileAccessTraits.ForceAccessCheck | FileAccessTraits.KernelHandle | FileAccessTraits.InSandbox | FileAccessTraits.UserContext));
            Assert.That(records[1].Information, Is.EqualTo(5));
            Assert.That(records.Select(r => r.Handle).Distinct().Single(), Is.Not.Zero);
        }
    }

    [Test]
    public async Task SystemRootIsTheWindowsFolderOfTheSandbox()
    {
        var reply = await FileAsync(FileCall(Write, @"\SystemRoot\Temp\driver.log", data: "line"));

        Assert.That(reply.CreateStatus, Is.EqualTo(Status.Success));
        Assert.That(File.ReadAllText(Path.Combine(sandbox, "C", "Windows", "Temp", "driver.log")), Is.EqualTo("line"));
    }

    [TestCase(@"\??\C:\..\outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\C:\Windows\..\..\outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\C:\.\outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\C:/tmp/outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\C:\Windows/../../outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\C:\outside.txt:stream", Status.ObjectNameInvalid)]
    [TestCase(@"\DosDevices\C:\Windows\\outside.txt", Status.ObjectNameInvalid)]
    [TestCase(@"\??\D:\outside.txt", Status.ObjectPathNotFound)]
    [TestCase(@"\Device\HarddiskVolume1\outside.txt", Status.ObjectPathNotFound)]
    [TestCase(@"\??\UNC\server\share\outside.txt", Status.ObjectPathNotFound)]
    [TestCase("outside.txt", Status.ObjectPathSyntaxBad)]
    public async Task NamesThatWouldLeaveTheSandboxAreRefused(string name, int expected)
    {
        var reply = await FileAsync(FileCall(Write, name, data: "escaped"));
        var record = (await target.ReadFileAccessesAsync(CancellationToken.None)).Records.Last(r => r.Path == name);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(reply.CreateStatus, Is.EqualTo(expected), $"0x{reply.CreateStatus:X8}");
            Assert.That((record.Operation, record.Status, record.Handle), Is.EqualTo((FileOperation.Create, expected, 0UL)));
            Assert.That(FilesNamed("outside.txt").Concat(EscapedFiles()), Is.Empty);
        }
    }

    [Test]
    public async Task ASymbolicLinkInsideTheSandboxIsNeverFollowed()
    {
        // Only someone with the host's rights could plant these; the walk must refuse them all the same.
        string outside = Directory.CreateTempSubdirectory("conformance-outside-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outside, "target.txt"), "untouched");
            File.CreateSymbolicLink(Path.Combine(sandbox, "C", "linkedfolder"), outside);
            File.CreateSymbolicLink(Path.Combine(sandbox, "C", "linkedfile.txt"), Path.Combine(outside, "target.txt"));

            var throughFolder = await FileAsync(FileCall(Write, @"\??\C:\linkedfolder\new.txt", data: "escaped"));
            var throughFile = await FileAsync(FileCall(Write, @"\??\C:\linkedfile.txt", data: "escaped"));

            using (Assert.EnterMultipleScope())
            {
                Assert.That(throughFolder.CreateStatus, Is.EqualTo(Status.ObjectPathNotFound));
                Assert.That(throughFile.CreateStatus, Is.EqualTo(Status.AccessDenied));
                Assert.That(Directory.GetFiles(outside).Select(Path.GetFileName), Is.EqualTo(OnlyTheTarget));
                Assert.That(File.ReadAllText(Path.Combine(outside, "target.txt")), Is.EqualTo("untouched"));
            }
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Test]
    public async Task NamesMatchCaseInsensitivelyAsOnNtfs()
    {
        await FileAsync(FileCall(Write, @"\SystemRoot\TEMP\Mixed.Txt", disposition: OverwriteIf, data: "abc"));
        var read = await FileAsync(FileCall(Read, @"\systemroot\temp\MIXED.TXT", desiredAccess: GenericRead | Synchronize, disposition: Open));

        using (Assert.EnterMultipleScope())
        {
            Assert.That((read.CreateStatus, read.IoStatus, read.Data), Is.EqualTo((Status.Success, Status.Success, "abc")));
            Assert.That(FilesNamed("mixed.txt", StringComparison.OrdinalIgnoreCase).Select(Path.GetFileName), Is.EqualTo(TheSpellingItWasCreatedWith));
        }
    }

    [Test]
    public async Task DispositionsFollowZwCreateFile()
    {
        const string Name = @"\??\C:\dispositions.txt";
        async Task<(int, ulong)> CreateAsync(uint disposition)
        {
            var reply = await FileAsync(FileCall(Query, Name, desiredAccess: GenericWrite | Synchronize, disposition: disposition));
            return (reply.CreateStatus, reply.CreateInformation);
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That((await CreateAsync(Open)).Item1, Is.EqualTo(Status.ObjectNameNotFound));
            Assert.That((await CreateAsync(Overwrite)).Item1, Is.EqualTo(Status.ObjectNameNotFound));
            Assert.That(await CreateAsync(Create), Is.EqualTo((Status.Success, Created)));
            Assert.That((await CreateAsync(Create)).Item1, Is.EqualTo(Status.ObjectNameCollision));
            Assert.That(await CreateAsync(OpenIf), Is.EqualTo((Status.Success, Opened)));
            Assert.That(await CreateAsync(Overwrite), Is.EqualTo((Status.Success, Overwritten)));
            Assert.That(await CreateAsync(OverwriteIf), Is.EqualTo((Status.Success, Overwritten)));
            Assert.That(await CreateAsync(Supersede), Is.EqualTo((Status.Success, Superseded)));
        }
    }

    [Test]
    public async Task ReadsWritesAndQueriesFollowTheDocumentedRules()
    {
        const string Name = @"\??\C:\rules.txt";
        await FileAsync(FileCall(Write, Name, disposition: OverwriteIf, data: "12345"));

        var noSynchronize = await FileAsync(FileCall(Write, Name, desiredAccess: GenericWrite, data: "x"));
        var readOnlyWrite = await FileAsync(FileCall(Write, Name, desiredAccess: GenericRead | Synchronize, disposition: Open, data: "x"));
        var pastTheEnd = await FileAsync(FileCall(Read, Name, desiredAccess: GenericRead | Synchronize, disposition: Open, readOffset: 5));
        var query = await FileAsync(FileCall(Query, Name, desiredAccess: FileReadAttributes | Synchronize, disposition: Open));

        using (Assert.EnterMultipleScope())
        {
            // kernel/using-the-current-file-position: a synchronous handle needs SYNCHRONIZE.
            Assert.That(noSynchronize.CreateStatus, Is.EqualTo(Status.InvalidParameter));
            Assert.That((readOnlyWrite.CreateStatus, readOnlyWrite.IoStatus), Is.EqualTo((Status.Success, Status.AccessDenied)));
            Assert.That((pastTheEnd.IoStatus, pastTheEnd.IoInformation), Is.EqualTo((Status.EndOfFile, 0UL)));
            Assert.That((query.IoStatus, query.EndOfFile, query.Directory), Is.EqualTo((Status.Success, 5L, false)));
        }
    }

    [Test]
    public async Task ZwOpenFileOpensOnlyWhatExists()
    {
        await FileAsync(FileCall(Write, @"\??\C:\existing.txt", disposition: OverwriteIf, data: "x"));

        var existing = await FileAsync(FileCall(OpenFile, @"\??\C:\existing.txt", desiredAccess: GenericRead | Synchronize));
        var missing = await FileAsync(FileCall(OpenFile, @"\??\C:\missing.txt", desiredAccess: GenericRead | Synchronize));

        Assert.That((existing.CreateStatus, existing.CreateInformation, missing.CreateStatus), Is.EqualTo((Status.Success, Opened, Status.ObjectNameNotFound)));
    }

    [TestCase(0u, Status.SharingViolation)]
    [TestCase(ShareRead, Status.Success)]
    public async Task ASecondOpenNeedsTheFirstToShare(uint share, int second)
    {
        var reply = await FileAsync(FileCall(OpenTwice, @"\??\C:\shared.txt", desiredAccess: GenericRead | Synchronize, share: share));

        Assert.That((reply.CreateStatus, reply.IoStatus), Is.EqualTo((Status.Success, second)));
    }

    [Test]
    public async Task ClosingAHandleNobodyMadeIsInvalidHandle()
    {
        var reply = await FileAsync(FileCall(CloseBogus, string.Empty));
        var records = (await target.ReadFileAccessesAsync(CancellationToken.None)).Records;
        var record = records[^1];

        Assert.That((reply.CloseStatus, record.Operation, record.Status, record.Handle), Is.EqualTo((Status.InvalidHandle, FileOperation.Close, Status.InvalidHandle, 0x1234UL)));
    }

    [TestCase(ObjCaseInsensitive | ObjKernelHandle, false)]
    [TestCase(ObjCaseInsensitive | ObjKernelHandle | ObjForceAccessCheck, true)]
    public async Task EachCaseCarriesTheFilesItOpenedAndTheJudgeWantsTheAccessCheck(uint attributes, bool checkedOpen)
    {
        const string Name = @"\??\C:\named-by-the-caller.txt";
        var call = FileCall(Write, Name, disposition: OverwriteIf, attributes: attributes, data: "x");
        var outcome = await Simulator.CallAsync(target, call);
        var open = outcome.FileOpens.Single();

        var verdict = new Verdicts.CaseJudge(new Targets.TargetCapabilities("simulator", true, null, null, null, 0))
            .Judge(CaseOf(call), outcome with { InputAfter = null, OutputAfter = null });

        using (Assert.EnterMultipleScope())
        {
            Assert.That((open.Routine, open.Path, open.Status, open.ForceAccessCheck, open.KernelHandle, open.UserContext),
                Is.EqualTo(("ZwCreateFile", Name, Status.Success, checkedOpen, true, true)), "only this case's own open, not the earlier cases'");
            Assert.That(verdict.Findings.Select(f => f.Category), checkedOpen
                ? Is.Empty
                : Is.EqualTo(new[] { Verdicts.FindingCategory.UncheckedFileOpen }));
        }
    }

    [Test]
    public async Task AHandleOpenedForAUserCallerWithoutObjKernelHandleIsInItsHandleTable()
    {
        var call = FileCall(Write, @"\??\C:\driver-own.log", disposition: OverwriteIf, attributes: ObjCaseInsensitive | ObjForceAccessCheck, data: "x");
        var outcome = await Simulator.CallAsync(target, call);

        var verdict = new Verdicts.CaseJudge(new Targets.TargetCapabilities("simulator", true, null, null, null, 0))
            .Judge(CaseOf(call), outcome with { InputAfter = null, OutputAfter = null });

        Assert.That(verdict.Findings.Select(f => f.Category), Is.EqualTo(new[] { Verdicts.FindingCategory.UserVisibleHandle }));
        Assert.That(verdict.Findings[0].Message, Does.Contain("without OBJ_KERNEL_HANDLE"));
    }

    private static Scenarios.ScenarioCase CaseOf(Targets.IoctlCall call)
    {
        var ioctl = new Scenarios.IoctlDefinition("IOCTL_FOREIGN_FILE", new Scenarios.ControlCode(call.IoControlCode), null, null, null);
        var device = new Scenarios.DeviceProfile("foreign", null, 0x8C03, null, null, [ioctl], "foreign.yaml");
        return new Scenarios.ScenarioCase(call.CaseId, call, new Scenarios.CaseExpectation(), device, ioctl,
            new Scenarios.CaseProvenance("s", new Scenarios.SourceLocation("s.yaml", 1, 1), [], 1, null));
    }

    private async Task<FileReply> FileAsync(Targets.IoctlCall call)
    {
        var outcome = await Simulator.CallAsync(target, call);
        Assert.That(outcome.Status, Is.EqualTo(Status.Success), outcome.Detail);
        return ReadReply(outcome);
    }

    private List<string> FilesNamed(string name, StringComparison comparison = StringComparison.Ordinal) =>
        Directory.EnumerateFiles(sandbox, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => Path.GetFileName(f).Equals(name, comparison))
            .ToList();

    // Where the refused names would have landed had they been taken as host paths.
    private List<string> EscapedFiles() =>
        new[] { Path.Combine(Path.GetDirectoryName(sandbox)!, "outside.txt"), "/tmp/outside.txt", "/outside.txt" }.Where(File.Exists).ToList();
}
