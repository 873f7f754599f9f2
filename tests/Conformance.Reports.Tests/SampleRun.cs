using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports.Tests;

/// <summary>
/// A hand-built run with one case of every kind the writers must handle: pass, fail with a bugcheck,
/// fail with several buffer findings, fail with a hostile id, error and blocked.
/// </summary>
internal static class SampleRun
{
    public const string RunId = "20261125-143005-sim";
    public const string ScenarioFile = "scenarios/sample/lengths.yaml";
    public const string OtherScenarioFile = "scenarios/sample/hostile.yaml";
    public const int ScenarioLine = 3;
    public const int OtherScenarioLine = 7;

    public const string PassId = "sample/lengths[input.size=4]";
    public const string BugcheckId = "sample/lengths[input.state=kernel_invalid,output.size=16]";
    public const string LeakId = "sample/lengths[input.size=0,output.size=64]#2";
    public const string ErrorId = "sample/lengths[input.size=8]";
    public const string BlockedId = "sample/lengths[input.size=12]";

    /// <summary>An id a scenario path could produce only by accident, which must never become markup.</summary>
    public const string HostileId = "sample/hostile[name=<script>document.title='pwned'</script>,x=\"&\"]#1";

    /// <summary>A finding message carrying markup, as a driver-supplied event string could.</summary>
    public const string HostileMessage = "returned <img src=x onerror=\"document.title='pwned'\">, expected STATUS_SUCCESS";

    public const uint PingCode = 0x8C012000;
    public const uint CopyCode = 0x8C012007;

    public static readonly ControlCode Ping = new(PingCode);

    public static RunResult Build() => new()
    {
        RunId = RunId,
        StartedAt = new DateTimeOffset(2026, 11, 25, 14, 30, 5, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 25, 14, 30, 9, 250, TimeSpan.Zero),
        Target = new TargetCapabilities("simulator", KernelCanary: true, KernelSecret: new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }, PoolPoisonByte: 0xC5, StackPoisonByte: 0xCC, KernelAddress: 0xFFFF800000000000),
        DriverDescription = "driver-under-test/sample/libsample.so (variant buggy)",
        ScenariosRoot = "scenarios",
        Invocation = new RunInvocation { DefectVariant = 4, Filter = "lengths", RunDirectory = "results/" + RunId },
        Results = [Passing(), Bugchecked(), Leaking(), Hostile(), Errored(), Blocked()],
    };

    public static CaseResult Passing() => new()
    {
        Case = Case(PassId, PingCode, BufferSpec.ReadWriteOf(4, 0x41), BufferSpec.ReadWriteOf(4), [new("input.size", "4")], expected: NtStatus.Success),
        Outcome = new CallOutcome
        {
            CaseId = PassId,
            End = CallEnd.Completed,
            Status = NtStatus.Success,
            Information = 4,
            ReachedDriver = true,
            InputAfter = Filled(4, 0x41),
            OutputAfter = Filled(4, 0x41),
            CanaryIntact = true,
            Elapsed = TimeSpan.FromMilliseconds(1.5),
        },
        Verdict = CaseVerdict.Pass,
    };

    public static CaseResult Bugchecked()
    {
        var input = new BufferSpec(BufferMemoryState.KernelInvalid, 8, 0, 8, ReadOnlyMemory<byte>.Empty, 0);
        var bugcheck = new BugcheckRecord(0x50, [0xFFFFFC0000000000, 0, 0xFFFFF80012345678, 2], 0xFFFFFC0000000000, 0xFFFFF80012345678, CopyCode, BugcheckId,
            "BUGCHECK 0x50 PAGE_FAULT_IN_NONPAGED_AREA\nfault=0xFFFFFC0000000000");
        return new()
        {
            Case = Case(BugcheckId, CopyCode, input, BufferSpec.ReadWriteOf(16), [new("input.state", "kernel_invalid"), new("output.size", "16")], expected: unchecked((int)0xC0000005)),
            Outcome = new CallOutcome
            {
                CaseId = BugcheckId,
                End = CallEnd.Bugcheck,
                ReachedDriver = true,
                Bugcheck = bugcheck,
                Events = [Event(41, "CopyStart", ("InputLength", 8u), ("Method", "neither"))],
                Elapsed = TimeSpan.FromMilliseconds(12.25),
            },
            Verdict = CaseVerdict.Fail,
            Findings = [new Finding(FindingCategory.Bugcheck, CaseJudge.DescribeBugcheck(bugcheck))],
        };
    }

    public static CaseResult Leaking()
    {
        var output = BufferSpec.ReadWriteOf(64, 0xAA);
        var after = Filled(64, 0xAA);
        after[0] = 0x10;
        after[1] = 0x00;
        for (int i = 8; i < 16; i++)
        {
            after[i] = 0xC5;
        }

        after[40] = 0x77;
        return new()
        {
            Case = Case(LeakId, CopyCode, BufferSpec.None, output, [new("input.size", "0"), new("output.size", "64")], expected: unchecked((int)0xC000000D), repetition: 2, information: new InformationRange(0, 0)),
            Outcome = new CallOutcome
            {
                CaseId = LeakId,
                End = CallEnd.Completed,
                Status = NtStatus.Success,
                Information = 8,
                ReachedDriver = true,
                OutputAfter = after,
                CanaryIntact = true,
                Events =
                [
                    Event(43, "CopyDone", ("Status", 0), ("Bytes", 8UL), ("Note", "bell\u0007here")),
                    Event(42, "CopyStart", ("InputLength", 0u), ("Method", "neither")),
                ],
                Elapsed = TimeSpan.FromMilliseconds(0.75),
            },
            Verdict = CaseVerdict.Fail,
            Findings =
            [
                new Finding(FindingCategory.WrongStatus, "returned STATUS_SUCCESS, expected STATUS_INVALID_PARAMETER"),
                new Finding(FindingCategory.WrongInformation, "Information = 8, expected 0"),
                new Finding(FindingCategory.InfoLeak, "uninitialized pool bytes (0xC5) reached the output buffer at offset 8"),
                new Finding(FindingCategory.OutOfBoundsWrite, "output byte 40 changed although Information = 8"),
            ],
        };
    }

    public static CaseResult Hostile() => new()
    {
        Case = Case(HostileId, PingCode, BufferSpec.ReadWriteOf(4), BufferSpec.ReadWriteOf(4), [new("name", "<script>")], expected: NtStatus.Success, file: OtherScenarioFile, line: OtherScenarioLine),
        Outcome = new CallOutcome
        {
            CaseId = HostileId,
            End = CallEnd.Completed,
            Status = unchecked((int)0xC0DE0001),
            ReachedDriver = true,
            InputAfter = new byte[4],
            OutputAfter = new byte[4],
            Events = [Event(50, "Ping<b>", ("Text", "</td><script>document.title='pwned'</script>"))],
            Elapsed = TimeSpan.FromMilliseconds(2),
        },
        Verdict = CaseVerdict.Fail,
        Findings = [new Finding(FindingCategory.WrongStatus, HostileMessage)],
    };

    public static CaseResult Errored() => new()
    {
        Case = Case(ErrorId, PingCode, BufferSpec.ReadWriteOf(8), BufferSpec.ReadWriteOf(8), [new("input.size", "8")], expected: NtStatus.Success),
        Outcome = new CallOutcome { CaseId = ErrorId, End = CallEnd.HostLost, Detail = "SimHost exited with code 139", Elapsed = TimeSpan.FromMilliseconds(30.5) },
        Verdict = CaseVerdict.Error,
        Note = "the target was lost without a bugcheck record",
    };

    public static CaseResult Blocked() =>
        CaseJudge.Blocked(
            Case(BlockedId, PingCode, BufferSpec.ReadWriteOf(12), BufferSpec.ReadWriteOf(12), [new("input.size", "12")], expected: NtStatus.Success),
            "IOCTL_SAMPLE_PING crashed 3 times in a row; circuit open");

    /// <summary>A run of <paramref name="count"/> cases cycling through every kind, for size checks.</summary>
    public static RunResult Large(int count)
    {
        var kinds = new[] { Passing(), Passing(), Passing(), Leaking(), Bugchecked() };
        var results = Enumerable.Range(0, count).Select(i => kinds[i % kinds.Length] with
        {
            Case = kinds[i % kinds.Length].Case with { Id = $"{kinds[i % kinds.Length].Id}#{i}" },
        }).ToList();
        return Build() with { Results = results };
    }

    private static ScenarioCase Case(
        string id,
        uint code,
        BufferSpec input,
        BufferSpec output,
        IReadOnlyList<AxisAssignment> axes,
        int expected,
        int repetition = 1,
        InformationRange? information = null,
        string file = ScenarioFile,
        int line = ScenarioLine)
    {
        var ioctl = new IoctlDefinition(code == PingCode ? "IOCTL_SAMPLE_PING" : "IOCTL_SAMPLE_COPY", new ControlCode(code), null, null, null);
        var device = new DeviceProfile("sample", null, 0x8C01, new SimulatorOpen("driver-under-test/sample/libsample.so", "\\Device\\Sample"), null, [ioctl], "scenarios/devices/sample.yaml");
        var scenarioId = Path.ChangeExtension(file, null)["scenarios/".Length..];
        return new ScenarioCase(
            id,
            new IoctlCall(id, code, 3, input, output, RacerSpec.None),
            new CaseExpectation { Status = new ExactStatus(expected), Information = information },
            device,
            ioctl,
            new CaseProvenance(scenarioId, new SourceLocation(file, line, 1), axes, repetition, null));
    }

    private static TraceEventRecord Event(ulong sequence, string name, params (string Key, object Value)[] fields) =>
        new("Sample", name, sequence, "", fields.ToDictionary(f => f.Key, f => f.Value));

    private static byte[] Filled(int size, byte value)
    {
        var bytes = new byte[size];
        Array.Fill(bytes, value);
        return bytes;
    }
}
