using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

/// <summary>
/// The access rules on a given trace: what each category takes (and what it does not), where a finding says the touch
/// was, and that a trace the target could not take is not judged rather than passed.
/// </summary>
public sealed class AccessJudgeTests
{
    private const uint NeitherCode = 0x8C01200F; // CTL_CODE(0x8C01, 0x803, METHOD_NEITHER, FILE_ANY_ACCESS)
    private const uint BufferedCode = 0x8C012004;
    private const ulong Input = 0x10_0000_0000;
    private const ulong Output = 0x20_0000_0000;
    private static readonly CodeLocation CaptureLine = new("libdriver.so", 0x1234) { Function = "CaptureHeader", File = "/src/neither.c", Line = 444, IsReturnAddress = true };
    private static readonly CodeLocation UseLine = new("libdriver.so", 0x2345) { Function = "CaptureBody", File = "/src/neither.c", Line = 557, IsReturnAddress = true };
    private static readonly CaseJudge Judge = new(new TargetCapabilities("simulator", true, null, null, null, 0xFFFF800000000000) { AccessTrace = true });

    private static UserAccessKind Safe => UserAccessKind.Probed | UserAccessKind.InTry;

    [Test]
    public void ProbedGuardedSingleReadsAndWritesPass()
    {
        var result = Run(NeitherCode, Touch(Input, 8, Safe, CaptureLine), Touch(Input + 8, 8, Safe, UseLine), Touch(Output, 8, Safe | UserAccessKind.Write, UseLine));

        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.NotJudged, Is.Empty);
    }

    [Test]
    public void AReadNoProbeCoversIsUnprobedAndNamesOffsetAndLine()
    {
        var result = Run(NeitherCode, Touch(Input + 8, 4, UserAccessKind.InTry, UseLine));

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.UnprobedUserAccess }));
        Assert.That(result.Findings[0].Message, Does.Contain("read of 4 bytes at input+8").And.Contain("CaptureBody (neither.c:557)"));
    }

    [Test]
    public void AWriteCoveredOnlyByProbeForReadIsUnprobed()
    {
        // The shim sets Probed for a write only under a ProbeForWrite; a write without it reaches the judge unprobed.
        var result = Run(NeitherCode, Touch(Input, 8, UserAccessKind.InTry | UserAccessKind.Write, UseLine));

        Assert.That(result.Findings.Single().Message, Does.Contain("write of 8 bytes at input+0").And.Contain("no ProbeForWrite"));
    }

    [Test]
    public void ATouchOutsideTryIsItsOwnCategoryAndCountsTheRest()
    {
        var result = Run(NeitherCode, Touch(Output, 8, UserAccessKind.Probed | UserAccessKind.Write, UseLine), Touch(Output + 8, 1, UserAccessKind.Probed | UserAccessKind.Write, UseLine));

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.UserAccessOutsideTry }));
        Assert.That(result.Findings[0].Message, Does.Contain("output+0").And.Contain("(and 1 more)"));
    }

    [Test]
    public void TheSameByteReadTwiceIsADoubleFetchNamingBothReads()
    {
        var result = Run(NeitherCode, Touch(Input, 8, Safe, CaptureLine), Touch(Input + 4, 4, Safe, UseLine));

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.DoubleFetch }));
        Assert.That(result.Findings[0].Message, Does.Contain("input+4 read twice").And.Contain("neither.c:444").And.Contain("neither.c:557"));
    }

    [Test]
    public void WritesAndAdjacentReadsAreNoDoubleFetch()
    {
        var result = Run(NeitherCode,
            Touch(Input, 8, Safe, CaptureLine), Touch(Input + 8, 8, Safe, UseLine),
            Touch(Output, 8, Safe | UserAccessKind.Write, UseLine), Touch(Output, 8, Safe | UserAccessKind.Write, UseLine));

        Assert.That(result.Findings, Is.Empty);
    }

    [Test]
    public void ABufferedHandlerTouchingUserMemoryIsUnexpectedAndNothingElse()
    {
        var result = Run(BufferedCode, Touch(Output, 16, UserAccessKind.Write, UseLine), Touch(Output, 16, UserAccessKind.None, UseLine));

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.UnexpectedUserAccess }));
        Assert.That(result.Findings[0].Message, Does.Contain("METHOD_BUFFERED handler"));
    }

    [Test]
    public void ATouchPastBothBuffersIsToldAsABareAddress()
    {
        var result = Run(NeitherCode, Touch(0x30_0000_0000, 1, UserAccessKind.InTry, null));

        Assert.That(result.Findings.Single().Message, Does.Contain("user address 0x3000000000").And.Contain("by code outside the driver"));
    }

    [Test]
    public void EachRuleCanBeSwitchedOffPerCase()
    {
        var expect = new CaseExpectation { NoDoubleFetch = false, UserAccessProbed = false, UserAccessInTry = false, NoUnexpectedUserAccess = false };
        var neither = Judge.Judge(Case(NeitherCode, expect), Returned(Touch(Input, 8, UserAccessKind.None, UseLine), Touch(Input, 8, UserAccessKind.None, UseLine)));
        var buffered = Judge.Judge(Case(BufferedCode, expect), Returned(Touch(Output, 8, UserAccessKind.Write, UseLine)));

        Assert.That(neither.Findings.Concat(buffered.Findings), Is.Empty);
    }

    [Test]
    public void NoTraceFromAnInstrumentingTargetIsNotJudgedNeverPassed()
    {
        var result = Judge.Judge(Case(NeitherCode, new CaseExpectation()), Returned() with { UserAccesses = null });

        Assert.That(result.NotJudged, Has.One.EqualTo("user access: driver not instrumented"));
    }

    [Test]
    public void ATargetWithoutTheTraceSaysNothingPerCase()
    {
        var windows = new CaseJudge(new TargetCapabilities("windows", false, null, null, null, 0));
        var result = windows.Judge(Case(NeitherCode, new CaseExpectation()), Returned() with { UserAccesses = null });

        Assert.That(result.NotJudged, Is.Empty);
        Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Pass));
    }

    [Test]
    public void AFullTraceIsJudgedAndSaysWhatItMissed()
    {
        var outcome = Returned(Touch(Input, 8, Safe, CaptureLine));
        outcome = outcome with { UserAccesses = outcome.UserAccesses! with { Dropped = 3 } };
        var result = Judge.Judge(Case(NeitherCode, new CaseExpectation()), outcome);

        Assert.That(result.NotJudged, Has.One.Contains("3 touches past the trace's capacity"));
    }

    private static UserAccess Touch(ulong address, uint size, UserAccessKind kind, CodeLocation? code) => new(address, size, kind, code);

    private static CaseResult Run(uint code, params UserAccess[] touches) => Judge.Judge(Case(code, new CaseExpectation()), Returned(touches));

    private static CallOutcome Returned(params UserAccess[] touches) => new()
    {
        CaseId = "c",
        End = CallEnd.Completed,
        InputAfter = new byte[16],
        OutputAfter = new byte[16],
        UserAccesses = new UserAccessTrace(touches, 0) { InputAddress = Input, OutputAddress = Output },
    };

    private static ScenarioCase Case(uint code, CaseExpectation expect)
    {
        var ioctl = new IoctlDefinition("IOCTL_SAMPLE", new ControlCode(code), null, null, null);
        var device = new DeviceProfile("conformance-sample", null, 0x8C01, null, null, [ioctl], "devices/conformance-sample.yaml");
        var call = new IoctlCall("c", code, 3, BufferSpec.ReadWriteOf(16), BufferSpec.ReadWriteOf(16), RacerSpec.None);
        return new ScenarioCase("c", call, expect, device, ioctl, new CaseProvenance("s", new SourceLocation("s.yaml", 1, 1), [], 1, null));
    }
}
