using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

/// <summary>Finding texts about events say what was expected and what was logged, with fields formatted by type.</summary>
public sealed class EventJudgeTests
{
    private const uint Code = 0x8C012013;
    private const int AccessViolation = unchecked((int)0xC0000005);
    private const int BufferTooSmall = unchecked((int)0xC0000023);
    private static readonly SourceLocation Where = new("s.yaml", 1, 1);

    [Test]
    public void AMissingProofNamesTheExpectedStatusWhenTheCallReturnedAnother()
    {
        // DEFECTS.md #1: an unprobed kernel output; the call returns STATUS_SUCCESS where STATUS_ACCESS_VIOLATION was expected.
        var expect = new CaseExpectation { Status = new ExactStatus(AccessViolation), LogsHandledException = true };
        var findings = Judge(expect, NtStatus.Success, Logged("RequestCompleted", ("Status", 0)));

        Assert.That(findings, Has.Some.EqualTo(new Finding(FindingCategory.MissingEvent,
            "no ExceptionHandled(ExceptionCode=STATUS_ACCESS_VIOLATION) was logged: the handled exception behind the expected status is not proven")));
        Assert.That(findings.Select(f => f.Message), Has.None.Contains("ExceptionCode=STATUS_SUCCESS"));
    }

    [Test]
    public void AMissingProofNamesTheReturnedStatusWhenItWasAccepted()
    {
        var expect = new CaseExpectation { Status = new StatusOfSeverity(StatusSeverity.Error), LogsHandledException = true };
        var findings = Judge(expect, AccessViolation);

        Assert.That(findings.Single().Message, Is.EqualTo(
            "no ExceptionHandled(ExceptionCode=STATUS_ACCESS_VIOLATION) was logged: the handled exception behind the returned status is not proven"));
    }

    [Test]
    public void AProofLoggedWithAnotherStatusIsAnUnexpectedEventSayingBoth()
    {
        var expect = new CaseExpectation { Status = new ExactStatus(AccessViolation), LogsHandledException = true };
        var findings = Judge(expect, AccessViolation, Logged("ExceptionHandled", ("IoControlCode", Code), ("ExceptionCode", unchecked((int)0x80000002))));

        Assert.That(findings.Single(), Is.EqualTo(new Finding(FindingCategory.UnexpectedEvent,
            "ExceptionHandled was logged with ExceptionCode=STATUS_DATATYPE_MISALIGNMENT (seq 7), expected STATUS_ACCESS_VIOLATION; the call returned STATUS_ACCESS_VIOLATION: the log and the caller disagree")));
    }

    [Test]
    public void AProofThatAgreesWithAWrongCallIsMissingNotUnexpected()
    {
        // The driver validated where it should have faulted: ExceptionHandled is absent, the ValidationFailed it logged is true.
        var expect = new CaseExpectation { Status = new ExactStatus(AccessViolation), LogsHandledException = true };
        var findings = Judge(expect, BufferTooSmall, Logged("ExceptionHandled", ("ExceptionCode", BufferTooSmall)));

        Assert.That(findings.Where(f => f.Category != FindingCategory.WrongStatus).Single(), Is.EqualTo(new Finding(FindingCategory.MissingEvent,
            "no ExceptionHandled(ExceptionCode=STATUS_ACCESS_VIOLATION) was logged: the handled exception behind the expected status is not proven; the ExceptionHandled logged (seq 7) has ExceptionCode=STATUS_BUFFER_TOO_SMALL, as the call returned")));
    }

    [Test]
    public void AnExpectedEventLoggedWithOtherFieldValuesIsAnUnexpectedEventListingTheDifferences()
    {
        // DEFECTS.md #12: RequestCompleted logged with Status = STATUS_SUCCESS for a request the driver rejected.
        var completed = Expect("RequestCompleted", ("Status", new FieldEquals("STATUS_BUFFER_TOO_SMALL")), ("Information", new FieldEquals("0")));
        var expect = new CaseExpectation { Status = new ExactStatus(BufferTooSmall), Events = [completed] };
        var findings = Judge(expect, BufferTooSmall, Logged("RequestCompleted", ("IoControlCode", Code), ("Status", 0), ("Information", 0UL)));

        Assert.That(findings.Single(), Is.EqualTo(new Finding(FindingCategory.UnexpectedEvent,
            "RequestCompleted was logged with other field values (seq 7): Status=STATUS_SUCCESS, expected STATUS_BUFFER_TOO_SMALL; the call returned STATUS_BUFFER_TOO_SMALL: the log and the caller disagree")));
    }

    [Test]
    public void AnEventThatAgreesWithAWrongCallIsMissingWithItsDifferences()
    {
        // The call itself went otherwise (WRONG_STATUS); the RequestCompleted it logged tells the truth about it.
        var completed = Expect("RequestCompleted", ("Status", new FieldEquals("STATUS_INVALID_PARAMETER")));
        var expect = new CaseExpectation { Status = new ExactStatus(unchecked((int)0xC000000D)), Events = [completed] };
        var findings = Judge(expect, AccessViolation, Logged("RequestCompleted", ("Status", AccessViolation), ("Information", 0UL)));

        Assert.That(findings.Where(f => f.Category != FindingCategory.WrongStatus).Single(), Is.EqualTo(new Finding(FindingCategory.MissingEvent,
            "no RequestCompleted(Status=STATUS_INVALID_PARAMETER) event was logged; the RequestCompleted logged (seq 7) differs: Status=STATUS_ACCESS_VIOLATION, expected STATUS_INVALID_PARAMETER")));
    }

    [Test]
    public void AFieldTheLoggedEventLacksIsNamed()
    {
        var failed = Expect("ValidationFailed", ("Reason", new FieldEquals("OutputBufferTooSmall")));
        var findings = Judge(new CaseExpectation { Events = [failed] }, BufferTooSmall, Logged("ValidationFailed", ("Status", BufferTooSmall)));

        Assert.That(findings.Single().Message, Does.EndWith("Reason not logged, expected OutputBufferTooSmall"));
    }

    [Test]
    public void AnEventNotLoggedAtAllIsMissing()
    {
        var failed = Expect("ValidationFailed", ("Status", new FieldEquals("STATUS_BUFFER_TOO_SMALL")));
        var findings = Judge(new CaseExpectation { Events = [failed] }, BufferTooSmall, Logged("RequestCompleted", ("Status", BufferTooSmall)));

        Assert.That(findings.Single(), Is.EqualTo(new Finding(FindingCategory.MissingEvent,
            "no ValidationFailed(Status=STATUS_BUFFER_TOO_SMALL) event was logged")));
    }

    [Test]
    public void AForbiddenEventShowsItsFieldsByType()
    {
        var forbidden = Expect("ExceptionHandled");
        var findings = Judge(new CaseExpectation { ForbidEvents = [forbidden] }, NtStatus.Success,
            Logged("ExceptionHandled", ("IoControlCode", Code), ("ExceptionCode", unchecked((uint)AccessViolation))));

        Assert.That(findings.Single(), Is.EqualTo(new Finding(FindingCategory.UnexpectedEvent,
            "forbidden ExceptionHandled event was logged (seq 7): ExceptionHandled(IoControlCode=0x8C012013 (IOCTL_SAMPLE_NEITHER_TRANSFORM), ExceptionCode=STATUS_ACCESS_VIOLATION)")));
    }

    private static IReadOnlyList<Finding> Judge(CaseExpectation expect, int status, params TraceEventRecord[] events)
    {
        var ioctl = new IoctlDefinition("IOCTL_SAMPLE_NEITHER_TRANSFORM", new ControlCode(Code), null, null, null);
        var device = new DeviceProfile("d", null, 0x8C01, null, null, [ioctl], "d.yaml")
        {
            ValidationFailedProof = new EventProof("ValidationFailed", "Status"),
            ExceptionHandledProof = new EventProof("ExceptionHandled", "ExceptionCode"),
        };
        var scenarioCase = new ScenarioCase("c", new IoctlCall("c", Code, 3, BufferSpec.None, BufferSpec.None, RacerSpec.None),
            expect, device, ioctl, new CaseProvenance("s", Where, [], 1, null));
        var outcome = new CallOutcome { CaseId = "c", End = CallEnd.Completed, Status = status, ReachedDriver = true, CanaryIntact = true, Events = events };
        return new CaseJudge(new TargetCapabilities("sim", true, null, null, null, 0)).Judge(scenarioCase, outcome).Findings;
    }

    private static EventExpectation Expect(string name, params (string Field, EventFieldMatcher Matcher)[] fields) =>
        new(name, fields.ToDictionary(f => f.Field, f => f.Matcher), Where);

    private static TraceEventRecord Logged(string name, params (string Field, object Value)[] fields) =>
        new("Contoso-Conformance-SampleDriver", name, 7, "c", fields.ToDictionary(f => f.Field, f => f.Value));
}
