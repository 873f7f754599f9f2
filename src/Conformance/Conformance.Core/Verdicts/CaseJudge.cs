using System.Globalization;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// Judges one case: every expectation of the scenario against what the target observed.
/// A case passes only if every expectation holds; each one that does not is a finding.
/// Expectations the target cannot observe (e.g. a kernel canary on real Windows) are skipped.
/// </summary>
public sealed class CaseJudge(TargetCapabilities capabilities)
{
    private readonly HashSet<ulong>? secretWindows =
        capabilities.KernelSecret is { } secret ? BufferComparison.SecretWindows(secret.Span) : null;

    /// <summary>What the target could observe (and which kernel secret it had) when the judged cases ran.</summary>
    public TargetCapabilities Capabilities => capabilities;

    /// <summary>Judge a fired case.</summary>
    public CaseResult Judge(ScenarioCase scenarioCase, CallOutcome outcome)
    {
        var expect = scenarioCase.Expect;
        var findings = new List<Finding>();
        switch (outcome.End)
        {
            case CallEnd.HostLost or CallEnd.MachineLost:
                return new CaseResult
                {
                    Case = scenarioCase,
                    Outcome = outcome,
                    Verdict = CaseVerdict.Error,
                    Note = outcome.Detail ?? "the target was lost without a bugcheck record",
                };
            case CallEnd.Bugcheck:
                if (expect.Alive)
                {
                    // The crash stays visible in the message (code, name, parameters); the category says its cause.
                    findings.Add(new Finding(BugcheckCause.Categorize(outcome.Bugcheck), DescribeBugcheck(outcome.Bugcheck)));
                }

                return Verdict(scenarioCase, outcome, findings);
            case CallEnd.Hang:
                findings.Add(new Finding(FindingCategory.Hang, outcome.Detail ?? "the call did not return"));
                return Verdict(scenarioCase, outcome, findings);
            default:
                break;
        }

        if (!expect.Alive)
        {
            findings.Add(new Finding(FindingCategory.WrongStatus,
                $"the scenario expects a crash but the call returned {NtStatus.Format(outcome.Status)}"));
        }

        if (expect.Alive && outcome.DeviceAlive == false)
        {
            findings.Add(new Finding(FindingCategory.DeviceDead,
                $"the device stopped answering: its liveness call right after this case returned {NtStatus.Format(outcome.LivenessStatus ?? 0)}"));
        }

        if (expect.Alive && outcome.IrpCompleted == false)
        {
            findings.Add(new Finding(FindingCategory.IrpNotCompleted,
                $"the driver returned {NtStatus.Format(outcome.Status)} without calling IoCompleteRequest: on Windows the request never finishes and the IRP leaks"));
        }

        var notJudged = new List<string>();
        JudgeStatusAndInformation(expect, outcome, findings, notJudged);
        // With the values the target wrote for the call's pointers: a pointer slot is not a byte the driver changed.
        var (inputBefore, outputBefore) = CallPointers.BytesBefore(scenarioCase.Call, outcome);
        var before = new InitialBuffers(inputBefore, outputBefore);
        JudgeKernelMemory(scenarioCase, outcome, before, findings);
        JudgeUserBuffers(scenarioCase, outcome, before, findings);
        if (outcome.UserAccesses is { } trace)
        {
            AccessJudge.Judge(scenarioCase, trace, findings, notJudged);
        }
        else if (capabilities.AccessTrace && expect.JudgesUserAccess)
        {
            // The target traces, this driver's code did not call in: it was built without the instrumentation.
            notJudged.Add("user access: driver not instrumented");
        }

        FileOpenJudge.Judge(scenarioCase.Expect, outcome, before.Input, findings);
        if (outcome.EventsObserved)
        {
            EventJudge.Judge(scenarioCase, outcome, findings);
        }
        else if (expect.AssertsEvents)
        {
            // Short: this text is written for every such case (docs/results-schema.md, not_judged, says the rest).
            notJudged.Add("events: not observed (no event capture)");
        }

        if (outcome.Elapsed > expect.TimeLimit)
        {
            findings.Add(new Finding(FindingCategory.Hang,
                $"the call took {outcome.Elapsed.TotalMilliseconds:F0} ms, over the limit of {expect.TimeLimit.TotalMilliseconds:F0} ms"));
        }

        return Verdict(scenarioCase, outcome, findings) with { NotJudged = notJudged };
    }

    /// <summary>A case not fired because its IOCTL's circuit is open.</summary>
    public static CaseResult Blocked(ScenarioCase scenarioCase, string reason) =>
        new() { Case = scenarioCase, Verdict = CaseVerdict.Blocked, Note = reason };

    private static CaseResult Verdict(ScenarioCase scenarioCase, CallOutcome outcome, List<Finding> findings) => new()
    {
        Case = scenarioCase,
        Outcome = outcome,
        Verdict = findings.Count == 0 ? CaseVerdict.Pass : CaseVerdict.Fail,
        Findings = [.. findings.OrderBy(f => f.Category)], // enum order is severity order
    };

    /// <summary>One line for a bugcheck: code, name, parameters.</summary>
    public static string DescribeBugcheck(BugcheckRecord? record) => record is null
        ? "the machine crashed"
        : string.Create(CultureInfo.InvariantCulture,
            $"bugcheck 0x{record.Code:X} {record.Name} ({string.Join(", ", record.Parameters.Select(p => $"0x{p:X}"))}) at address 0x{record.FaultAddress:X}{DescribePoison(record)}");

    // The simulator's poison in the address: the driver used uninitialized memory as a pointer (0x50's parameter 2
    // is 0x10 when the access was an instruction fetch, i.e. the pointer was called).
    private static string DescribePoison(BugcheckRecord record) => record.Poison is null
        ? record.ReturnAddressOverwritten ? ": a driver frame's return address was overwritten" : ""
        : $": uninitialized {record.Poison} pointer {(record.Parameters is [_, 0x10, ..] ? "called" : "dereferenced")}";

    private static void JudgeStatusAndInformation(CaseExpectation expect, CallOutcome outcome, List<Finding> findings, List<string> notJudged)
    {
        if (expect.Status is { } status && !status.Matches(outcome.Status))
        {
            findings.Add(new Finding(FindingCategory.WrongStatus,
                $"returned {NtStatus.Format(outcome.Status)}, expected {status.Describe()}"));
        }

        if (expect.Information is not null && !outcome.InformationObserved)
        {
            // Short: written for most error cases of a catalog (docs/results-schema.md, not_judged, says why).
            notJudged.Add("information: not observable (error completion)");
        }
        else if (expect.Information is { } information && !information.Matches(outcome.Information))
        {
            findings.Add(new Finding(FindingCategory.WrongInformation,
                $"Information = {outcome.Information}, expected {information}"));
        }
    }

    private void JudgeKernelMemory(ScenarioCase scenarioCase, CallOutcome outcome, InitialBuffers before, List<Finding> findings)
    {
        var expect = scenarioCase.Expect;
        if (expect.KernelCanaryIntact && capabilities.KernelCanary && outcome.CanaryIntact == false)
        {
            findings.Add(new Finding(FindingCategory.ArbitraryWrite, "a kernel page the simulator planted (the canary, or the secret) changed during the call"));
        }

        if (expect.NoKernelSecret && secretWindows is not null)
        {
            CheckSecret(before.Output, outcome.OutputAfter, "output", secretWindows, findings);
            CheckSecret(before.Input, outcome.InputAfter, "input", secretWindows, findings);
        }

        if (expect.NoPoolPoison)
        {
            // A METHOD_NEITHER driver can write its input buffer too: poison may reach either.
            CheckPoison(before.Output, outcome.OutputAfter, capabilities.PoolPoisonByte, "pool", "output", findings);
            CheckPoison(before.Output, outcome.OutputAfter, capabilities.StackPoisonByte, "kernel stack", "output", findings);
            CheckPoison(before.Input, outcome.InputAfter, capabilities.PoolPoisonByte, "pool", "input", findings);
            CheckPoison(before.Input, outcome.InputAfter, capabilities.StackPoisonByte, "kernel stack", "input", findings);
        }
    }

    private static void CheckSecret(byte[] before, byte[]? after, string which, HashSet<ulong> windows, List<Finding> findings)
    {
        if (after is null)
        {
            return;
        }

        int at = BufferComparison.FindSecret(before, after, windows);
        if (at >= 0)
        {
            findings.Add(new Finding(FindingCategory.ArbitraryRead,
                $"kernel secret bytes reached the {which} buffer at offset {at}"));
        }
    }

    private static void CheckPoison(byte[] before, byte[]? after, byte? poison, string what, string which, List<Finding> findings)
    {
        if (after is null || poison is not { } value)
        {
            return;
        }

        int at = BufferComparison.FindNewPoisonRun(before, after, value);
        if (at >= 0)
        {
            findings.Add(new Finding(FindingCategory.InfoLeak,
                $"uninitialized {what} bytes (0x{value:X2}) reached the {which} buffer at offset {at}"));
        }
    }

    private static void JudgeUserBuffers(ScenarioCase scenarioCase, CallOutcome outcome, InitialBuffers before, List<Finding> findings)
    {
        var expect = scenarioCase.Expect;
        var call = scenarioCase.Call;
        // Bytes the suite's own racer flips during the call are not the driver's doing.
        var inputRaced = RacedBytes(call.Racer, RacerTarget.Input);
        var outputRaced = RacedBytes(call.Racer, RacerTarget.Output);
        if (expect.ReadOnlyUnchanged)
        {
            // The input buffer is input, whatever its protection ([Buffer Descriptions for I/O Control Codes],
            // DEFECTS.md #8): a driver that writes it, even where the page allows it, writes the caller's data.
            if (outcome.InputAfter is { } input && BufferComparison.FirstChangeFrom(before.Input, input, 0, inputRaced) is var changedInput and >= 0)
            {
                string kind = call.Input.State == BufferMemoryState.ReadOnly ? "read-only input" : "input";
                findings.Add(new Finding(FindingCategory.ReadonlyWrite, $"{kind} buffer changed at offset {changedInput}"));
            }

            if (call.Output.State == BufferMemoryState.ReadOnly && outcome.OutputAfter is { } output
                && BufferComparison.FirstChangeFrom(before.Output, output, 0, outputRaced) is var changedOutput and >= 0)
            {
                findings.Add(new Finding(FindingCategory.ReadonlyWrite, $"read-only output buffer changed at offset {changedOutput}"));
            }
        }

        if (expect.OutputUntouchedPastInformation && outcome.OutputAfter is { } after && call.Output.State != BufferMemoryState.ReadOnly)
        {
            // Past what the driver reports but inside what the caller declared: the caller's own buffer, a contract
            // deviation (WRITE_PAST_INFORMATION). Past the declared length, whoever claims it: memory the caller never
            // gave, or the I/O manager's copy of an Information larger than the buffer (OUT_OF_BOUNDS_WRITE).
            int declared = (int)Math.Min(call.Output.DeclaredLength, (uint)after.Length);
            int reported = (int)Math.Min(outcome.Information, (ulong)declared);
            int inside = BufferComparison.FirstChangeFrom(before.Output, after, reported, outputRaced);
            if (inside >= 0 && inside < declared)
            {
                findings.Add(new Finding(FindingCategory.WritePastInformation,
                    $"output byte {inside} changed although Information = {outcome.Information} (inside the declared length {call.Output.DeclaredLength})"));
            }

            int beyond = BufferComparison.FirstChangeFrom(before.Output, after, declared, outputRaced);
            if (beyond >= 0)
            {
                string why = outcome.Information > call.Output.DeclaredLength
                    ? $"past the declared length {call.Output.DeclaredLength} (Information = {outcome.Information})"
                    : $"past the declared length {call.Output.DeclaredLength}, although Information = {outcome.Information}";
                findings.Add(new Finding(FindingCategory.OutOfBoundsWrite, $"output byte {beyond} changed {why}"));
            }
        }
    }

    /// <summary>The byte range the racer changes in <paramref name="buffer"/> (empty when it races the other one or none).</summary>
    private static Range RacedBytes(RacerSpec racer, RacerTarget buffer) =>
        racer.Kind == RacerKind.None || racer.Target != buffer || racer.Length == 0
            ? default
            : new Range((int)racer.ByteOffset, (int)(racer.ByteOffset + racer.Length));

    /// <summary>The bytes each buffer held before the call, computed once per case.</summary>
    private readonly record struct InitialBuffers(byte[] Input, byte[] Output);
}
