using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// Judges a case with <c>steps:</c>: every step by every oracle (its findings are the case's, each naming the step),
/// then the case's own call. A step that missed its status, or whose call was lost, leaves the case not judgeable
/// (error), never passed; a finding anywhere fails it.
/// </summary>
internal static class SequenceJudge
{
    public static CaseResult Judge(CaseJudge judge, ScenarioCase scenarioCase, CallOutcome outcome)
    {
        var steps = new List<StepResult>(scenarioCase.Steps.Count);
        var findings = new List<Finding>();
        var notJudged = new List<string>();
        string? problem = null;
        for (int i = 0; i < scenarioCase.Steps.Count; i++)
        {
            var step = scenarioCase.Steps[i];
            var stepOutcome = i < outcome.Steps.Count ? outcome.Steps[i]
                : outcome.StoppedInStep == step.Name ? outcome with { CaseId = step.Call.CaseId, StoppedInStep = null, Steps = [] }
                : null;
            if (stepOutcome is null)
            {
                steps.Add(new StepResult(step, null, []));
                continue;
            }

            var judged = judge.JudgeCall(AsCase(scenarioCase, step), stepOutcome);
            var stepFindings = judged.Findings
                .Select(f => f with { Step = step.Name, Message = $"in step '{step.Name}' ({step.Ioctl.Name}): {f.Message}" })
                .ToList();
            string? stepProblem = judged.Verdict == CaseVerdict.Error
                ? $"step '{step.Name}' ({step.Ioctl.Name}): {judged.Note}"
                : MissedStatus(step, stepOutcome);
            findings.AddRange(stepFindings);
            notJudged.AddRange(judged.NotJudged);
            problem ??= stepProblem;
            steps.Add(new StepResult(step, stepOutcome, stepFindings) { Problem = stepProblem });
        }

        string? note = null;
        if (outcome.StoppedInStep is { } stopped)
        {
            note = $"the sequence stopped in step '{stopped}': the case's own call ({scenarioCase.Ioctl.Name}) was not fired";
        }
        else
        {
            var own = judge.JudgeCall(scenarioCase, outcome);
            findings.AddRange(own.Findings);
            notJudged.AddRange(own.NotJudged);
            if (own.Verdict == CaseVerdict.Error)
            {
                problem ??= own.Note;
            }
        }

        return new CaseResult
        {
            Case = scenarioCase,
            Outcome = outcome,
            // A finding is a finding wherever it was made; without one, a sequence that did not set up its state is not judgeable.
            Verdict = findings.Count > 0 ? CaseVerdict.Fail : problem is not null ? CaseVerdict.Error : CaseVerdict.Pass,
            Findings = [.. findings.OrderBy(f => f.Category)], // enum order is severity order
            NotJudged = [.. notJudged.Distinct(StringComparer.Ordinal)],
            Note = problem is null ? note : note is null ? problem : $"{problem}; {note}",
            Steps = steps,
        };
    }

    /// <summary>A step as a case of its own call: its call id, IOCTL and expectations; its status is checked apart (a miss is an error, not a finding).</summary>
    private static ScenarioCase AsCase(ScenarioCase scenarioCase, CaseStep step) =>
        new(step.Call.CaseId, step.Call, step.Expect with { Status = null }, scenarioCase.Device, step.Ioctl, scenarioCase.Provenance);

    private static string? MissedStatus(CaseStep step, CallOutcome outcome) =>
        outcome.End == CallEnd.Completed && step.Expect.Status is { } status && !status.Matches(outcome.Status)
            ? $"step '{step.Name}' ({step.Ioctl.Name}) returned {NtStatus.Format(outcome.Status)}, expected {status.Describe()}: the sequence did not set up what the case needs"
            : null;
}
