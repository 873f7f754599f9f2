using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// Judges the events of a completed call: expected events, forbidden ones, and the short-form proofs
/// (logs_validation_failure, logs_handled_exception). Its texts say what was expected and what was logged,
/// with fields formatted by type and each differing field as "logged, expected". The category says whose fault
/// it is: an event logged with a status (or Information) other than the call's is UNEXPECTED_EVENT, the log
/// disagrees with the caller (driver-under-test/DEFECTS.md #12); an expected event not logged, or logged with
/// values that agree with a call that went otherwise (already a WRONG_STATUS), is MISSING_EVENT.
/// </summary>
internal static class EventJudge
{
    public static void Judge(ScenarioCase scenarioCase, CallOutcome outcome, List<Finding> findings)
    {
        var device = scenarioCase.Device;
        var expect = scenarioCase.Expect;
        JudgeExpected(expect, outcome, device, findings);
        JudgeForbidden(expect, outcome.Events, device, findings);
        if (expect.LogsValidationFailure && device.ValidationFailedProof is { } validation)
        {
            RequireProof(validation, "validation failure", expect, outcome, device, findings);
        }

        if (expect.LogsHandledException && device.ExceptionHandledProof is { } exception)
        {
            RequireProof(exception, "handled exception", expect, outcome, device, findings);
        }
    }

    private static void JudgeExpected(CaseExpectation expect, CallOutcome outcome, DeviceProfile device, List<Finding> findings)
    {
        var logged = outcome.Events;
        foreach (var expected in EventAssignment.Unmatched(expect.Events, logged))
        {
            var sameName = logged.Where(e => e.Name == expected.Name).ToList();
            if (sameName.Any(e => EventMatcher.Matches(expected, e)))
            {
                findings.Add(new Finding(FindingCategory.MissingEvent,
                    $"not enough {Describe(expected)} events were logged: each expected one needs its own ({sameName.Count(e => EventMatcher.Matches(expected, e))} logged)"));
                continue;
            }

            if (sameName.Count == 0)
            {
                findings.Add(new Finding(FindingCategory.MissingEvent, $"no {Describe(expected)} event was logged"));
                continue;
            }

            // The nearest one is the event the driver meant; its differing fields are what differs from the expectation.
            var nearest = sameName.MinBy(e => Differences(expected, e, device).Count)!;
            string differences = string.Join("; ", Differences(expected, nearest, device));
            if (Contradicts(nearest, outcome, device) is { } returned)
            {
                // The log says something the call did not do (DEFECTS.md #12): the event itself is wrong.
                findings.Add(new Finding(FindingCategory.UnexpectedEvent,
                    $"{expected.Name} was logged with other field values (seq {nearest.Sequence}): {differences}; the call returned {returned}: the log and the caller disagree"));
            }
            else
            {
                // The event tells the truth about a call that went otherwise (a WRONG_STATUS says so): what was expected is missing.
                findings.Add(new Finding(FindingCategory.MissingEvent,
                    $"no {Describe(expected)} event was logged; the {expected.Name} logged (seq {nearest.Sequence}) differs: {differences}"));
            }
        }
    }

    /// <summary>
    /// What the call returned, when a status or Information field of <paramref name="record"/> says otherwise; null when
    /// the event agrees with the call.
    /// </summary>
    private static string? Contradicts(TraceEventRecord record, CallOutcome outcome, DeviceProfile device)
    {
        foreach (var (field, value) in record.Fields)
        {
            if (EventFieldText.KindOf(field, device) == EventFieldText.Kind.Status && LoggedStatus(value) is { } status && status != outcome.Status)
            {
                return NtStatus.Format(outcome.Status);
            }

            if (field == "Information" && outcome.InformationObserved && value is not string
                && Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) != outcome.Information)
            {
                return $"{NtStatus.Format(outcome.Status)} with Information={outcome.Information}";
            }
        }

        return null;
    }

    private static void JudgeForbidden(CaseExpectation expect, IReadOnlyList<TraceEventRecord> logged, DeviceProfile device, List<Finding> findings)
    {
        foreach (var forbidden in expect.ForbidEvents)
        {
            if (logged.FirstOrDefault(e => EventMatcher.Matches(forbidden, e)) is { } record)
            {
                findings.Add(new Finding(FindingCategory.UnexpectedEvent,
                    $"forbidden {Describe(forbidden)} event was logged (seq {record.Sequence}): {record.Name}({EventFieldText.FormatAll(record.Fields, device)})"));
            }
        }
    }

    /// <summary>
    /// The proof event must carry the status of the call. When the call returned a status the scenario does not
    /// accept (a WRONG_STATUS already), the proof is of the behaviour the scenario expected: "no
    /// ExceptionHandled(ExceptionCode=STATUS_ACCESS_VIOLATION)", never a demand for a handled STATUS_SUCCESS.
    /// </summary>
    private static void RequireProof(EventProof proof, string what, CaseExpectation expect, CallOutcome outcome, DeviceProfile device, List<Finding> findings)
    {
        bool returnedIsWrong = expect.Status is { } accepted && !accepted.Matches(outcome.Status);
        Func<int, bool> fits = returnedIsWrong ? expect.Status!.Matches : status => status == outcome.Status;
        string wanted = returnedIsWrong ? expect.Status!.Describe() : NtStatus.Format(outcome.Status);
        string whose = returnedIsWrong ? "expected" : "returned";

        var named = outcome.Events.Where(e => e.Name == proof.Event).ToList();
        if (named.Any(e => e.Fields.TryGetValue(proof.Field, out var value) && LoggedStatus(value) is { } status && fits(status)))
        {
            return;
        }

        if (named.Count == 0)
        {
            findings.Add(new Finding(FindingCategory.MissingEvent,
                $"no {proof.Event}({proof.Field}={wanted}) was logged: the {what} behind the {whose} status is not proven"));
            return;
        }

        var first = named[0];
        bool hasField = first.Fields.TryGetValue(proof.Field, out var field);
        string logged = hasField ? EventFieldText.Format(proof.Field, field!, device) : "nothing";
        if (hasField && LoggedStatus(field!) == outcome.Status)
        {
            // The proof agrees with the call; the call is what went wrong (a WRONG_STATUS says so).
            findings.Add(new Finding(FindingCategory.MissingEvent,
                $"no {proof.Event}({proof.Field}={wanted}) was logged: the {what} behind the {whose} status is not proven; the {proof.Event} logged (seq {first.Sequence}) has {proof.Field}={logged}, as the call returned"));
            return;
        }

        findings.Add(new Finding(FindingCategory.UnexpectedEvent,
            $"{proof.Event} was logged with {proof.Field}={logged} (seq {first.Sequence}), expected {wanted}; the call returned {NtStatus.Format(outcome.Status)}: the log and the caller disagree"));
    }

    /// <summary>"Status=STATUS_SUCCESS, expected STATUS_BUFFER_TOO_SMALL" for each field the logged event gets wrong.</summary>
    private static List<string> Differences(EventExpectation expected, TraceEventRecord logged, DeviceProfile device)
    {
        var differences = new List<string>();
        foreach (var (field, matcher) in expected.Fields)
        {
            if (!logged.Fields.TryGetValue(field, out var value))
            {
                differences.Add($"{field} not logged, expected {matcher.Describe()}");
            }
            else if (!matcher.Matches(value))
            {
                differences.Add($"{field}={EventFieldText.Format(field, value, device)}, expected {matcher.Describe()}");
            }
        }

        return differences;
    }

    /// <summary>A logged status field as a value, whether logged as a number or as its name.</summary>
    private static int? LoggedStatus(object value) =>
        EventFieldText.AsStatus(value) ?? (value is string text && NtStatus.TryGetValue(text, out int status) ? status : null);

    /// <summary>An expectation as a scenario writes it: Name(Field=constraint, ...).</summary>
    public static string Describe(EventExpectation e) => e.Fields.Count == 0
        ? e.Name
        : $"{e.Name}({string.Join(", ", e.Fields.Select(f => $"{f.Key}={f.Value.Describe()}"))})";
}
