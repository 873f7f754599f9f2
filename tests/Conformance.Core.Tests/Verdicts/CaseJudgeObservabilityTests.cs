using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

/// <summary>
/// What a target could not observe is reported as not judged, never as a pass or a failure: Information after a
/// synchronous error on Windows, events without a capture (the Windows target under Wine).
/// </summary>
public sealed class CaseJudgeObservabilityTests
{
    private const int StatusBufferTooSmall = unchecked((int)0xC0000023);
    private static readonly CaseJudge Judge = new(new TargetCapabilities("windows", false, null, null, null, 0xFFFFF78000000000));

    [Test]
    public void InformationTheCallerCouldNotSeeIsNotJudged()
    {
        var expect = new CaseExpectation { Status = new ExactStatus(StatusBufferTooSmall), Information = new InformationRange(8, 8) };
        var result = Judge.Judge(Case(expect), Returned(StatusBufferTooSmall) with { InformationObserved = false });

        Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Pass));
        Assert.That(result.NotJudged, Has.One.EqualTo("information: not observable (error completion)"));
    }

    [Test]
    public void InformationTheCallerSawIsJudgedAsBefore()
    {
        var expect = new CaseExpectation { Information = new InformationRange(8, 8) };
        var result = Judge.Judge(Case(expect), Returned(0) with { Information = 4 });

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.WrongInformation }));
        Assert.That(result.NotJudged, Is.Empty);
    }

    [Test]
    public void EventsOfATargetWithoutCaptureAreNotJudgedNeverMissing()
    {
        var expect = new CaseExpectation
        {
            Events = [new EventExpectation("RequestCompleted", new Dictionary<string, EventFieldMatcher>(), new SourceLocation("s.yaml", 1, 1))],
            LogsValidationFailure = true,
        };
        var result = Judge.Judge(Case(expect), Returned(0) with { EventsObserved = false });

        Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Pass));
        Assert.That(result.Findings, Is.Empty);
        Assert.That(result.NotJudged, Has.One.StartsWith("events:"));
    }

    [Test]
    public void ObservedEventsThatAreMissingStillFail()
    {
        var expect = new CaseExpectation { Events = [new EventExpectation("RequestCompleted", new Dictionary<string, EventFieldMatcher>(), new SourceLocation("s.yaml", 1, 1))] };
        var result = Judge.Judge(Case(expect), Returned(0));

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.MissingEvent }));
    }

    [Test]
    public void AnIrpTheDriverNeverCompletedIsAFindingOfItsOwn()
    {
        var result = Judge.Judge(Case(new CaseExpectation()), Returned(StatusBufferTooSmall) with { IrpCompleted = false, InformationObserved = false });

        Assert.That(result.Findings.Select(f => f.Category), Is.EqualTo(new[] { FindingCategory.IrpNotCompleted }));
        Assert.That(result.Findings[0].Message, Does.Contain("without calling IoCompleteRequest"));
    }

    [Test]
    public void ACompletedIrpOrOneTheTargetCannotTellAboutIsNoFinding()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Judge.Judge(Case(new CaseExpectation()), Returned(0) with { IrpCompleted = true }).Findings, Is.Empty);
            Assert.That(Judge.Judge(Case(new CaseExpectation()), Returned(0) with { IrpCompleted = null }).Findings, Is.Empty);
        });
    }

    private static CallOutcome Returned(int status) => new()
    {
        CaseId = "c",
        End = CallEnd.Completed,
        Status = status,
        InputAfter = new byte[16],
        OutputAfter = new byte[16],
    };

    private static ScenarioCase Case(CaseExpectation expect)
    {
        var ioctl = new IoctlDefinition("IOCTL_SAMPLE_PING", new ControlCode(0x8C012000), null, null, null);
        var device = new DeviceProfile("conformance-sample", null, 0x8C01, null, null, [ioctl], "devices/conformance-sample.yaml");
        var call = new IoctlCall("c", 0x8C012000, 3, BufferSpec.ReadWriteOf(16), BufferSpec.ReadWriteOf(16), RacerSpec.None);
        return new ScenarioCase("c", call, expect, device, ioctl, new CaseProvenance("s", new SourceLocation("s.yaml", 1, 1), [], 1, null));
    }
}
