using System.Globalization;
using System.Text;
using Conformance.Reports;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine.Reproducers;

/// <summary>
/// One case written back as a scenario of exactly that case: concrete buffers (states, sizes, offsets,
/// declared lengths, bytes), racer and expectations, no axes. Loading it gives the same call and the same
/// judgement, so a failure found in a matrix of thousands replays with one command. A case with steps is written
/// with the whole sequence (every step, then its own call), pointers and copies by what they point at or copy from,
/// so it replays alone in a fresh target.
/// </summary>
public static class ReproducerYaml
{
    /// <summary>The scenario text reproducing <paramref name="result"/>.</summary>
    public static string For(CaseResult result, string runId, string driverDescription)
    {
        var scenarioCase = result.Case;
        var call = scenarioCase.Call;
        var yaml = new StringBuilder();
        string why = result.Findings.Count > 0 ? $"{result.Findings[0].Category.ToReportName()}: {result.Findings[0].Message}" : result.Note ?? string.Empty;
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# Reproducer of {scenarioCase.Id}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# run {runId}, driver {driverDescription}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# {ReportNames.Verdict(result.Verdict)}: {OneLine(why)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"# from {scenarioCase.Provenance.Scenario.File}:{scenarioCase.Provenance.Scenario.Line}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"description: {Quote("reproducer of " + scenarioCase.Id)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"device: {scenarioCase.Device.Name}");
        Steps(yaml, scenarioCase.Steps);
        yaml.AppendLine(CultureInfo.InvariantCulture, $"ioctl: {Quote(scenarioCase.Ioctl.Name)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"access: {Access(call.GrantedAccess)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"input: {Buffer(call.Input)}");
        yaml.AppendLine(CultureInfo.InvariantCulture, $"output: {Buffer(call.Output)}");
        if (call.Racer.Kind != RacerKind.None)
        {
            string kind = call.Racer.Kind == RacerKind.FlipBytes ? "flip_bytes" : "protection";
            string target = call.Racer.Target == RacerTarget.Input ? "input" : "output";
            yaml.AppendLine(CultureInfo.InvariantCulture,
                $"racer: {{ kind: {kind}, target: {target}, offset: {call.Racer.ByteOffset}, length: {call.Racer.Length}, period_ns: {call.Racer.PeriodNs} }}");
        }

        yaml.AppendLine("expect:");
        Expectations(yaml, scenarioCase.Expect);
        return yaml.ToString();
    }

    private static void Steps(StringBuilder yaml, IReadOnlyList<CaseStep> steps)
    {
        if (steps.Count == 0)
        {
            return;
        }

        // Buffers as built. The access: line applies to the steps too: where the original varied access (its own call only),
        // its steps had the body's access, which may differ.
        yaml.AppendLine("steps:");
        foreach (var step in steps)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - name: {step.Name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    ioctl: {Quote(step.Ioctl.Name)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    input: {Buffer(step.Call.Input)}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    output: {Buffer(step.Call.Output)}");
            if (step.Expect.Status is { } status)
            {
                yaml.AppendLine(CultureInfo.InvariantCulture, $"    expect: {{ status: {Status(status)} }}");
            }
        }
    }

    private static void Expectations(StringBuilder yaml, CaseExpectation expect)
    {
        if (expect.Status is { } status)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  status: {Status(status)}");
        }

        if (expect.Information is { } information)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  information: {{ min: {information.Min}, max: {information.Max} }}");
        }

        // Only what differs from the safe defaults, so the file says what is special about the case.
        Flag(yaml, "alive", expect.Alive, true);
        Flag(yaml, "output_untouched_past_information", expect.OutputUntouchedPastInformation, true);
        Flag(yaml, "readonly_unchanged", expect.ReadOnlyUnchanged, true);
        Flag(yaml, "kernel_canary_intact", expect.KernelCanaryIntact, true);
        Flag(yaml, "no_kernel_secret", expect.NoKernelSecret, true);
        Flag(yaml, "no_pool_poison", expect.NoPoolPoison, true);
        Flag(yaml, "no_double_fetch", expect.NoDoubleFetch, true);
        Flag(yaml, "user_access_probed", expect.UserAccessProbed, true);
        Flag(yaml, "user_access_in_try", expect.UserAccessInTry, true);
        Flag(yaml, "no_unexpected_user_access", expect.NoUnexpectedUserAccess, true);
        Flag(yaml, "file_open_checked", expect.FileOpenChecked, true);
        Flag(yaml, "kernel_handles", expect.KernelHandles, true);
        Flag(yaml, "logs_validation_failure", expect.LogsValidationFailure, false);
        Flag(yaml, "logs_handled_exception", expect.LogsHandledException, false);
        yaml.AppendLine(CultureInfo.InvariantCulture, $"  time_limit_ms: {(long)expect.TimeLimit.TotalMilliseconds}");
        Events(yaml, "events", expect.Events);
        Events(yaml, "forbid_events", expect.ForbidEvents);
    }

    private static void Flag(StringBuilder yaml, string key, bool value, bool safeDefault)
    {
        if (value != safeDefault)
        {
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  {key}: {(value ? "true" : "false")}");
        }
    }

    private static void Events(StringBuilder yaml, string key, IReadOnlyList<EventExpectation> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"  {key}:");
        foreach (var e in events)
        {
            string fields = string.Join(", ", e.Fields.Select(f => $"{f.Key}: {Field(f.Value)}"));
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    - {{ name: {Quote(e.Name)}, fields: {{ {fields} }} }}");
        }
    }

    private static string Field(EventFieldMatcher matcher) => matcher switch
    {
        FieldInRange range => $"{{ min: {range.Min}, max: {range.Max} }}",
        FieldAnyOf any => $"{{ any_of: [{string.Join(", ", any.Options.Select(Field))}] }}",
        _ => Quote(matcher.Describe()),
    };

    private static string Status(StatusExpectation status) => status switch
    {
        AnyOfStatus any => $"{{ any_of: [{string.Join(", ", any.Options.Select(Status))}] }}",
        NotStatus not => $"{{ not: {Status(not.Excluded)} }}",
        _ => status.Describe(),
    };

    private static string Buffer(BufferSpec buffer)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{{ state: {Quote(ReportNames.State(buffer.State))}, size: {buffer.Size}");
        if (buffer.State is not (BufferMemoryState.Null or BufferMemoryState.Kernel or BufferMemoryState.KernelInvalid or BufferMemoryState.GuardTail))
        {
            text.Append(CultureInfo.InvariantCulture, $", offset: {buffer.Offset}");
        }

        text.Append(CultureInfo.InvariantCulture, $", declared_length: {buffer.DeclaredLength}, fill: 0x{buffer.FillByte:X2}");
        // Pointers go back as what they point at, not the addresses of the run that found them: the replay's
        // target places its buffers elsewhere and aims them at the same things.
        var content = new List<string>();
        if (!buffer.Content.IsEmpty)
        {
            content.Add($"bytes: \"{Convert.ToHexString(buffer.Content.Span)}\"");
        }

        if (buffer.Pointers.Count > 0)
        {
            content.Add($"pointers: [{string.Join(", ", buffer.Pointers.Select(Pointer))}]");
        }

        // Copies likewise go back as the step buffer they copy from: the replay's steps return their own handles.
        if (buffer.Copies.Count > 0)
        {
            content.Add($"copies: [{string.Join(", ", buffer.Copies.Select(Copy))}]");
        }

        if (content.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", content: {{ {string.Join(", ", content)} }}");
        }

        return text.Append(" }").ToString();
    }

    private static string Pointer(BufferPointer pointer) =>
        string.Create(CultureInfo.InvariantCulture, $"{{ offset: {pointer.Offset}, to: {Quote(pointer.Aim)}, size: {pointer.Width} }}");

    private static string Copy(BufferCopy copy) =>
        string.Create(CultureInfo.InvariantCulture, $"{{ offset: {copy.Offset}, from: {Quote(copy.Source)}, size: {copy.Size} }}");

    private static string Access(uint granted) => (granted & 3) switch
    {
        1 => "read",
        2 => "write",
        3 => "read_write",
        _ => "none",
    };

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string OneLine(string text) => text.Replace('\n', ' ').Replace('\r', ' ');
}
