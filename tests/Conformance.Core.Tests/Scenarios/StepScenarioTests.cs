using Conformance.Running;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Scenarios;

/// <summary>
/// Sequences (<c>steps:</c>): how they are read, shared by every case a scenario expands to, journaled as one outcome
/// and judged step by step. End to end against a driver with state: Conformance.Engine.Tests, SequenceTests.
/// </summary>
public sealed class StepScenarioTests
{
    private const string Sequence = """
        device: conformance-sample
        steps:
          - name: create
            ioctl: IOCTL_SAMPLE_BUFFERED_TRANSFORM
            input: { size: 8, content: { bytes: "01 02 03 04" } }
            output: { size: 8 }
            expect: { status: STATUS_SUCCESS }
          - name: close
            ioctl: IOCTL_SAMPLE_PING
            input: { size: 16, content: { pattern: "EE", copies: [{ offset: 8, from: create.output + 4, size: 4 }] } }
            output: { size: 4 }
        ioctl: IOCTL_SAMPLE_BUFFERED_TRANSFORM
        input: { size: 8, content: { copies: [{ offset: 0, from: create.output, size: 8 }] } }
        output: { size: 8 }
        vary:
          output.state: [read_write, no_access]
        expect: { status: STATUS_SUCCESS }
        cases:
          - when: { output.state: no_access }
            expect: { status: STATUS_ACCESS_VIOLATION }
        """;

    [Test]
    public void EveryCaseFiresTheSameStepsUnderItsOwnCallIds()
    {
        var scenario = ScenarioText.Valid(Sequence);

        Assert.That(scenario.Cases, Has.Count.EqualTo(2), "vary expands the judged call only");
        Assert.Multiple(() =>
        {
            foreach (var scenarioCase in scenario.Cases)
            {
                Assert.That(scenarioCase.Steps.Select(s => s.Name), Is.EqualTo(new[] { "create", "close" }));
                Assert.That(scenarioCase.Steps.Select(s => s.Call.CaseId), Is.EqualTo(new[] { scenarioCase.Id + "::create", scenarioCase.Id + "::close" }));
                Assert.That(scenarioCase.Steps[0].Call.Output.State, Is.EqualTo(BufferMemoryState.ReadWrite), "an axis never reaches a step");
                Assert.That(scenarioCase.Steps[1].Where.Line, Is.EqualTo(8));
            }

            Assert.That(scenario.Cases[1].Expect.Status, Is.EqualTo(new ExactStatus(unchecked((int)0xC0000005))), "cases: overrides the judged call");
        });
    }

    [Test]
    public void AStepWithoutExpectMustReturnAnyNtSuccessStatus()
    {
        var steps = ScenarioText.Valid(Sequence).Cases[0].Steps;

        Assert.Multiple(() =>
        {
            Assert.That(steps[0].Expect.Status, Is.EqualTo(new ExactStatus(0)));
            Assert.That(steps[1].Expect.Status, Is.SameAs(CaseStep.DefaultStatus));
            Assert.That(CaseStep.DefaultStatus.Matches(0x40000000), Is.True, "informational is NT_SUCCESS");
            Assert.That(CaseStep.DefaultStatus.Matches(unchecked((int)0x80000005)), Is.False, "a warning is not");
            Assert.That(steps[1].Expect.Alive && steps[1].Expect.NoPoolPoison && steps[1].Expect.KernelCanaryIntact, Is.True, "every oracle judges a step");
        });
    }

    [Test]
    public void CopiesAreReadInOffsetOrderAndKeptBesideTheContent()
    {
        var scenarioCase = ScenarioText.Valid(Sequence).Cases[0];
        var close = scenarioCase.Steps[1].Call.Input;

        Assert.Multiple(() =>
        {
            Assert.That(scenarioCase.Call.Input.Copies, Is.EqualTo(new[] { new BufferCopy(0, "create", StepBuffer.Output, 0, 8) }));
            Assert.That(close.Copies.Single().Source, Is.EqualTo("create.output+4"));
            Assert.That(close.InitialBytes(), Has.All.EqualTo(0xEE), "the copied bytes are known only when the step has returned");
            Assert.That(close.InitialBytes(default, [[1, 2, 3, 4]])[8..12], Is.EqualTo(new byte[] { 1, 2, 3, 4 }));
        });
    }

    [Test]
    public void TheJudgedCallsBytesBeforeIncludeWhatWasCopiedIn()
    {
        var call = ScenarioText.Valid(Sequence).Cases[0].Call;
        var outcome = new CallOutcome { CaseId = call.CaseId, End = CallEnd.Completed, CopiedBytes = [[9, 8, 7, 6, 5, 4, 3, 2]] };

        var (input, _) = CallPointers.BytesBefore(call, outcome);

        Assert.That(input, Is.EqualTo(new byte[] { 9, 8, 7, 6, 5, 4, 3, 2 }));
    }

    [Test]
    public void ASequenceIsOneJournalRecordWithItsStepsInside()
    {
        var step = new CallOutcome { CaseId = "s::create", End = CallEnd.Completed, OutputAfter = [0x2A, 0, 0, 0, 0, 0, 1, 0] };
        var outcome = new CallOutcome
        {
            CaseId = "s",
            End = CallEnd.Bugcheck,
            StoppedInStep = "close",
            CopiedBytes = [[0x2A, 0, 0, 0, 0, 0, 1, 0]],
            Steps = [step],
        };

        var read = OutcomeRecord.FromLine(OutcomeRecord.ToLine(outcome));

        Assert.Multiple(() =>
        {
            Assert.That(read.StoppedInStep, Is.EqualTo("close"));
            Assert.That(read.Steps.Single().CaseId, Is.EqualTo("s::create"));
            Assert.That(read.Steps.Single().OutputAfter, Is.EqualTo(step.OutputAfter));
            Assert.That(read.CopiedBytes!.Single(), Is.EqualTo(outcome.CopiedBytes[0]));
        });
    }

    [Test]
    public void AStepThatMissesItsStatusMakesTheCaseAnErrorNamingTheStep()
    {
        var scenarioCase = ScenarioText.Valid(Sequence).Cases[0];
        var create = Unchanged(scenarioCase.Steps[0].Call) with { Status = unchecked((int)0xC0000023) };
        var outcome = create with { CaseId = scenarioCase.Id, StoppedInStep = "create" };

        var result = Judge.Judge(scenarioCase, outcome);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Error));
            Assert.That(result.Note, Does.Contain("step 'create' (IOCTL_SAMPLE_BUFFERED_TRANSFORM) returned STATUS_BUFFER_TOO_SMALL, expected STATUS_SUCCESS"));
            Assert.That(result.Steps.Select(s => s.Fired), Is.EqualTo(new[] { true, false }));
            Assert.That(result.Findings, Is.Empty);
        });
    }

    [Test]
    public void AFindingInAStepIsTheCasesAndNamesTheStep()
    {
        var scenarioCase = ScenarioText.Valid(Sequence).Cases[0];
        var create = Unchanged(scenarioCase.Steps[0].Call);
        // The close step's output comes back with pool poison: an info leak, found in the step.
        var close = Unchanged(scenarioCase.Steps[1].Call) with { Information = 4, OutputAfter = [0xD3, 0xD3, 0xD3, 0xD3] };
        var own = Unchanged(scenarioCase.Call) with { Steps = [create, close] };

        var result = Judge.Judge(scenarioCase, own);

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(CaseVerdict.Fail));
            Assert.That(result.Findings.Select(f => (f.Category, f.Step)), Is.EqualTo(new[] { (FindingCategory.InfoLeak, (string?)"close") }));
            Assert.That(result.Findings[0].Message, Does.StartWith("in step 'close' (IOCTL_SAMPLE_PING): "));
            Assert.That(result.Steps[1].Findings, Has.Count.EqualTo(1));
        });
    }

    private static CallOutcome Unchanged(IoctlCall call) => new()
    {
        CaseId = call.CaseId,
        End = CallEnd.Completed,
        InputAfter = call.Input.InitialBytes(),
        OutputAfter = call.Output.InitialBytes(),
    };

    private static readonly CaseJudge Judge = new(new TargetCapabilities("simulator", true, null, 0xD3, null, 0xFFFFF78000000000));
}
