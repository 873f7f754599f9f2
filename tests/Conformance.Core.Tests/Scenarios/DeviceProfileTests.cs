using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

public class DeviceProfileTests
{
    [Test]
    public void ReferenceProfileLoads()
    {
        var result = DeviceProfileSet.LoadFile(Path.Combine(RepoPaths.Devices, "conformance-sample.yaml"));

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        var profile = result.Value!;
        Assert.That(profile.Name, Is.EqualTo("conformance-sample"));
        Assert.That(profile.DeviceType, Is.EqualTo(0x8C01));
        Assert.That(profile.Simulator, Is.EqualTo(new SimulatorOpen("driver-under-test/build/sim/libconformance_sample.so", @"\Device\ConformanceSample")));
        Assert.That(profile.Windows, Is.EqualTo(new WindowsOpen(@"\\.\ConformanceSample", "ConformanceSample",
            "driver-under-test/build/windows/ConformanceSample.sys", "driver-under-test/windows/ConformanceSample.inf")));
    }

    [TestCase("IOCTL_SAMPLE_PING", 0x8C012000u, TransferMethod.Buffered, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_BUFFERED_TRANSFORM", 0x8C012004u, TransferMethod.Buffered, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_IN_DIRECT_STORE", 0x8C012009u, TransferMethod.InDirect, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_OUT_DIRECT_FETCH", 0x8C01200Eu, TransferMethod.OutDirect, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_NEITHER_TRANSFORM", 0x8C012013u, TransferMethod.Neither, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_NEITHER_RECORDS", 0x8C012017u, TransferMethod.Neither, RequiredAccess.Any)]
    [TestCase("IOCTL_SAMPLE_SET_CONFIG", 0x8C01A018u, TransferMethod.Buffered, RequiredAccess.Write)]
    public void ReferenceProfileCodes(string name, uint code, TransferMethod method, RequiredAccess access)
    {
        var ioctl = ScenarioText.Sample.FindIoctl(name)!;

        Assert.That(ioctl.Code.Value, Is.EqualTo(code));
        Assert.That(ioctl.Method, Is.EqualTo(method));
        Assert.That(ioctl.Access, Is.EqualTo(access));
    }

    [Test]
    public void ReferenceProfileDocumentsSizes()
    {
        var sample = ScenarioText.Sample;
        var transform = sample.FindIoctl("IOCTL_SAMPLE_BUFFERED_TRANSFORM")!;
        var setConfig = sample.FindIoctl("IOCTL_SAMPLE_SET_CONFIG")!;

        Assert.That(sample.Ioctls, Has.Count.EqualTo(8));
        Assert.That(sample.FindIoctl("IOCTL_SAMPLE_PING")!.Output, Is.EqualTo(new DocumentedSize(4, null, false)));
        Assert.That(transform.Input, Is.EqualTo(new DocumentedSize(1, 4096, false)));
        Assert.That(transform.Output!.Allows(16, inputLength: 16), Is.True);
        Assert.That(transform.Output.Allows(15, inputLength: 16), Is.False);
        Assert.That(setConfig.Input!.Allows(4, 0), Is.True);
        Assert.That(setConfig.Input.Allows(5, 0), Is.False);
    }

    [Test]
    public void CodeAndAgreeingPartsAreAccepted()
    {
        var result = LoadProfileText("""
            name: raw
            open: { windows: { path: \\.\Raw } }
            ioctls:
              - { name: IOCTL_RAW_ONLY, code: 0x0022E003 }
              - { name: IOCTL_RAW_CHECKED, code: 0x0022E007, device_type: 0x22, function: 0x801, method: neither, access: read_write }
            """);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(result.Value!.Ioctls[0].Code, Is.EqualTo(ControlCode.From(0x22, 0x800, TransferMethod.Neither, RequiredAccess.ReadWrite)));
        Assert.That(result.Value.Simulator, Is.Null);
    }

    [Test]
    public void AnAbsoluteDriverLibraryIsTakenAsItIs()
    {
        var result = LoadProfileText("""
            name: mine
            open: { simulator: { driver: /opt/drivers/libmine.so, device: \Device\Mine } }
            ioctls:
              - { name: IOCTL_MINE, code: 0x0022E003 }
            """);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(Path.Combine("/repo", result.Value!.Simulator!.DriverLibrary), Is.EqualTo("/opt/drivers/libmine.so"));
    }

    [Test]
    public void ReferenceProfilePingsAfterEveryCase()
    {
        var liveness = ScenarioText.Sample.Liveness!;

        Assert.That((liveness.Ioctl.Name, liveness.InputSize, liveness.OutputSize, liveness.Status), Is.EqualTo(("IOCTL_SAMPLE_PING", 0u, 8u, 0)));
    }

    [Test]
    public void ALivenessCallOfAnIoctlTheProfileLacksIsAnErrorWithTheClosestName()
    {
        var result = LoadProfileText("""
            name: raw
            liveness: { ioctl: IOCTL_RAW_PNG, output: 8 }
            open: { windows: { path: \\.\Raw } }
            ioctls:
              - { name: IOCTL_RAW_PING, code: 0x0022E003 }
            """);

        Assert.That(string.Join("\n", result.Errors), Does.Contain("liveness IOCTL 'IOCTL_RAW_PNG'").And.Contain("IOCTL_RAW_PING"));
    }

    [Test]
    public void DiscoveredFactsLoad()
    {
        var result = LoadProfileText("""
            name: facts
            proofs: { request_completed: { event: RequestCompleted, field: Status } }
            open: { windows: { path: \\.\Facts } }
            ioctls:
              - name: IOCTL_FACTS
                code: 0x0022E003
                input: { min: 8, max: 64, too_short: STATUS_BUFFER_TOO_SMALL, too_long: 0xC000000D, bad_pointer: STATUS_ACCESS_VIOLATION, pointers: [0, 8] }
                handle_check: { access: write, status: STATUS_ACCESS_DENIED }
            """);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        var ioctl = result.Value!.Ioctls[0];
        Assert.Multiple(() =>
        {
            Assert.That(ioctl.Input, Is.EqualTo(new DocumentedSize(8, 64, false)
            {
                TooShortStatus = unchecked((int)0xC0000023),
                TooLongStatus = unchecked((int)0xC000000D),
                BadPointerStatus = unchecked((int)0xC0000005),
                Pointers = [0, 8],
            }));
            Assert.That(ioctl.HandleCheck, Is.EqualTo(new HandleCheck(HandleAccess.Write, unchecked((int)0xC0000022))));
            Assert.That(result.Value.RequestCompletedProof, Is.EqualTo(new EventProof("RequestCompleted", "Status")));
        });
    }

    [TestCase("output: { min: 8, pointers: [0] }", "'output.pointers' is not allowed")]
    [TestCase("input: { min: 8, too_short: { any_of: [STATUS_SUCCESS] } }", "input.too_short must be one status")]
    [TestCase("handle_check: { access: write }", "missing 'status'")]
    [TestCase("handle_check: { access: all, status: STATUS_ACCESS_DENIED }", "handle_check.access")]
    public void ABadDiscoveredFactIsAnError(string line, string message)
    {
        var result = LoadProfileText($$"""
            name: facts
            open: { windows: { path: \\.\Facts } }
            ioctls:
              - name: IOCTL_FACTS
                code: 0x0022E003
                {{line}}
            """);

        Assert.That(string.Join("\n", result.Errors), Does.Contain(message));
    }

    // One profile file (named after its profile, as the loader requires) in a folder of its own, loaded; the folder is gone afterwards.
    private const string SequenceIoctls = """
        open: { windows: { path: \\.\Ot } }
        ioctls:
          - { name: IOCTL_OT_CREATE, code: 0x8C04E040, output: { min: 8 } }
          - { name: IOCTL_OT_USE, code: 0x8C04E080, input: { min: 8 }, output: { min: 4 } }
          - { name: IOCTL_OT_CLOSE, code: 0x8C04E0C0, input: { min: 8, max: 8 } }
        """;

    [Test]
    public void ASequenceNamesTheCreateUseAndReleaseIoctlsAndWhereTheHandleSits()
    {
        var result = LoadSequence("""
                description: An object named by the id CREATE returns.
                create: IOCTL_OT_CREATE
                handle: { from: output, offset: 0, size: 8 }
                use: [IOCTL_OT_USE]
                release: IOCTL_OT_CLOSE
                handle_at: { offset: 0 }
                success: STATUS_SUCCESS
                invalid_handle: STATUS_INVALID_HANDLE
            """);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        var sequence = result.Value!.Sequences.Single();
        Assert.Multiple(() =>
        {
            Assert.That((sequence.Name, sequence.Create.Name, sequence.Handle), Is.EqualTo(("object", "IOCTL_OT_CREATE", new HandleLocation(true, 0, 8))));
            Assert.That(sequence.Use.Select(i => i.Name), Is.EqualTo(new[] { "IOCTL_OT_USE" }));
            Assert.That(sequence.Description, Is.EqualTo("An object named by the id CREATE returns."));
            Assert.That(sequence.Release.Select(i => i.Name), Is.EqualTo(new[] { "IOCTL_OT_CLOSE" }));
            Assert.That((sequence.SuccessStatus, sequence.InvalidHandleStatus), Is.EqualTo(((int?)0, (int?)unchecked((int)0xC0000008))));
        });
    }

    [Test]
    public void ASequenceIoctlTheProfileLacksIsAnErrorAtItsPlaceWithTheClosestName()
    {
        var result = LoadSequence("""
                create: IOCTL_OT_CREATE
                handle: { size: 8 }
                release: [IOCTL_OT_CLOSE, IOCTL_OT_CLSE]
            """);

        var error = result.Errors.Single();
        Assert.That((error.Line, error.Column), Is.EqualTo((11L, 31L)));
        Assert.That(error.ToString(), Does.Contain("sequence release IOCTL 'IOCTL_OT_CLSE'").And.Contain("Did you mean 'IOCTL_OT_CLOSE'?"));
    }

    [TestCase("handle: { size: 8 }\n    handle_at: { offset: 4 }", "does not fit IOCTL_OT_CLOSE's input (max 8)")]
    [TestCase("handle: { size: 8, form: output }", "form")]
    [TestCase("handle: { from: outptu, size: 8 }", "outptu")]
    [TestCase("handle: { offset: 0 }", "missing 'size'")]
    public void ABadHandleIsAnError(string handle, string message)
    {
        var result = LoadSequence($$"""
                create: IOCTL_OT_CREATE
                release: [IOCTL_OT_CLOSE]
                {{handle}}
            """);

        Assert.That(string.Join("\n", result.Errors), Does.Contain(message));
    }

    // A profile with the object-table-like IOCTLs and one sequence 'object' whose other keys are entry (4-space indented).
    private static LoadResult<DeviceProfile> LoadSequence(string entry) =>
        LoadProfileText($"name: ot\n{SequenceIoctls}\nsequences:\n  - name: object\n{entry}");

    private static LoadResult<DeviceProfile> LoadProfileText(string yaml)
    {
        string name = yaml.Split('\n')[0].Replace("name:", string.Empty, StringComparison.Ordinal).Trim();
        var root = Directory.CreateTempSubdirectory("conformance-devices-");
        try
        {
            string file = Path.Combine(root.FullName, name + ".yaml");
            File.WriteAllText(file, yaml);
            return DeviceProfileSet.LoadFile(file);
        }
        finally
        {
            root.Delete(true);
        }
    }
}
