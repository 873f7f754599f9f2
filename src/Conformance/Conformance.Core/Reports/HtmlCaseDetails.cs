using System.Globalization;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>The details block of one case that did not pass: everything needed to understand it without a rerun.</summary>
internal static class HtmlCaseDetails
{
    /// <param name="html">Where to write.</param>
    /// <param name="result">The case.</param>
    /// <param name="anchor">The block's id, which the table and the heatmaps link to.</param>
    /// <param name="reproduce">The command replaying the case's reproducer, or null when it has none.</param>
    public static void Write(HtmlOutput html, CaseResult result, string anchor, string? reproduce)
    {
        var scenarioCase = result.Case;
        var call = scenarioCase.Call;
        var outcome = result.Outcome;
        var verdict = ReportNames.Verdict(result.Verdict);

        html.Open("article", "case v-" + verdict, anchor)
            .Open("h3").Element("span", verdict, "badge " + verdict).Raw(" ").Element("code", result.Id)
            .Raw(" <a class=\"top\" href=\"#summary\">back to the summary</a>").Close("h3");

        var provenance = scenarioCase.Provenance;
        html.Open("dl", "kv")
            .Fact("Scenario", provenance.Scenario.ToString(), "mono")
            .Fact("Axes", provenance.Axes.Count == 0 ? null : string.Join(", ", provenance.Axes))
            .Fact("Repetition", provenance.Repetition > 1 ? provenance.Repetition.ToString(CultureInfo.InvariantCulture) : null)
            .Fact("Device", scenarioCase.Device.Name)
            .Fact("IOCTL", $"{scenarioCase.Ioctl.Name} = {ReportNames.Hex32(call.IoControlCode)} {scenarioCase.Ioctl.Code.ToMacroString()}", "mono")
            .Fact("Handle access", ReportNames.Hex32(call.GrantedAccess), "mono")
            .Fact("Call", outcome is null ? "not fired" : Ending(outcome))
            .Fact("Reached driver", outcome?.ReachedDriver switch
            {
                true => "yes",
                false => "no (the I/O manager answered)",
                null => outcome is null ? null : "unknown (the target cannot tell; the driver logged no request event)",
            })
            .Fact("Not judged", result.NotJudged.Count == 0 ? null : string.Join("; ", result.NotJudged))
            .Fact("Kernel canary", outcome?.CanaryIntact switch { true => "intact", false => "changed", null => null })
            .Fact("Detail", outcome?.Detail)
            .Fact("Note", result.Note)
            .Fact("Reproduce", reproduce, "mono repro")
            .Close("dl");

        WriteInputs(html, call);
        if (outcome is not null)
        {
            WriteStatus(html, result, outcome);
        }

        WriteFindings(html, result.Findings);
        if (outcome?.Bugcheck is { } bugcheck)
        {
            WriteBugcheck(html, bugcheck);
        }

        if (outcome?.UserAccesses is { Accesses.Count: > 0 } trace)
        {
            HtmlAccessTrace.Write(html, call, trace);
        }

        if (outcome is not null)
        {
            WriteEvents(html, outcome.Events, scenarioCase.Device);
            html.Element("h4", "Buffers");
            var (inputBefore, outputBefore) = CallPointers.BytesBefore(call, outcome);
            HtmlHexDiff.Write(html, "Input", call.Input, inputBefore, outcome.InputAfter);
            HtmlHexDiff.Write(html, "Output", call.Output, outputBefore, outcome.OutputAfter);
        }

        html.Close("article").Line();
    }

    private static string Ending(CallOutcome outcome) => string.Create(CultureInfo.InvariantCulture,
        $"{ReportNames.End(outcome.End).Replace('_', ' ')} after {ReportNames.Milliseconds(outcome.Elapsed)} ms");

    private static void WriteInputs(HtmlOutput html, IoctlCall call)
    {
        html.Element("h4", "Inputs").Open("table", "inputs")
            .HeaderRow("Buffer", "State", "Size", "Offset", "Declared length", "Fill byte", "Initial content");
        InputRow(html, "input", call.Input);
        InputRow(html, "output", call.Output);
        html.Close("table");
        if (call.Racer.Kind != RacerKind.None)
        {
            var racer = call.Racer;
            html.Element("p", string.Create(CultureInfo.InvariantCulture,
                $"Racer: {ReportNames.Racer(racer.Kind)} on the {ReportNames.Racer(racer.Target)} buffer, bytes {racer.ByteOffset}..{racer.ByteOffset + racer.Length}, every {racer.PeriodNs} ns"));
        }
    }

    private static void InputRow(HtmlOutput html, string name, BufferSpec buffer)
    {
        var invariant = CultureInfo.InvariantCulture;
        html.Row(
            name,
            ReportNames.State(buffer.State),
            buffer.Size.ToString(invariant),
            buffer.Offset.ToString(invariant),
            buffer.DeclaredLength == buffer.Size
                ? buffer.DeclaredLength.ToString(invariant)
                : string.Create(invariant, $"{buffer.DeclaredLength} (size {buffer.Size})"),
            string.Create(invariant, $"0x{buffer.FillByte:X2}"),
            (buffer.Content.Length == 0 ? "fill only" : string.Create(invariant, $"{buffer.Content.Length} bytes"))
                + string.Concat(buffer.Pointers.Select(p => string.Create(invariant, $", [{p.Offset}] → {p.Aim}"))));
    }

    private static void WriteStatus(HtmlOutput html, CaseResult result, CallOutcome outcome)
    {
        bool statusWrong = result.Findings.Any(f => f.Category == FindingCategory.WrongStatus);
        bool informationWrong = result.Findings.Any(f => f.Category == FindingCategory.WrongInformation);
        bool completed = outcome.End == CallEnd.Completed;
        html.Element("h4", "Result").Open("table", "result").HeaderRow("", "Returned", "Expected");
        html.Open("tr").Element("td", "Status")
            .Element("td", completed ? StatusWithValue(outcome.Status) : HtmlReportWriter.Ended(result), statusWrong ? "mono bad" : "mono")
            .Element("td", ReportNames.ExpectedStatus(result) ?? "any", "mono")
            .Close("tr");
        html.Open("tr").Element("td", "Information")
            .Element("td", !completed ? "" : outcome.InformationObserved ? outcome.Information.ToString(CultureInfo.InvariantCulture) : "not observable",
                informationWrong ? "mono bad" : "mono")
            .Element("td", ReportNames.ExpectedInformation(result) ?? "any", "mono")
            .Close("tr");
        html.Close("table");
    }

    /// <summary>The name with its value, so a reader can grep headers for either; unknown values print once.</summary>
    private static string StatusWithValue(int status)
    {
        var hex = ReportNames.Hex32(unchecked((uint)status));
        return Scenarios.NtStatus.NameOf(status) is { } name ? $"{name} ({hex})" : hex;
    }

    private static void WriteFindings(HtmlOutput html, IReadOnlyList<Finding> findings)
    {
        if (findings.Count == 0)
        {
            return;
        }

        html.Element("h4", "Findings").Open("ul", "findings");
        foreach (var finding in CategoryInfo.MostSevereFirst(findings))
        {
            html.Open("li")
                .Element("span", finding.Category.ToReportName(), "badge sev-" + SarifWriter.Level(finding.Category))
                .Raw(" ").Text(finding.Message).Close("li");
        }

        html.Close("ul");
    }

    private static string FaultAddressNote(BugcheckRecord bugcheck) => bugcheck switch
    {
        { Poison: { } poison } => $" (uninitialized {poison} memory)",
        { ReturnAddressOverwritten: true } => " (reached through a return address the driver's stack overrun overwrote)",
        _ => "",
    };

    private static void WriteBugcheck(HtmlOutput html, BugcheckRecord bugcheck)
    {
        html.Element("h4", "Bugcheck").Open("dl", "kv")
            .Fact("Code", $"{ReportNames.BugcheckCode(bugcheck.Code)} {bugcheck.Name}", "mono")
            .Fact("Parameters", string.Join(" ", bugcheck.Parameters.Select(ReportNames.Hex64)), "mono")
            .Fact("Fault address", ReportNames.Hex64(bugcheck.FaultAddress) + FaultAddressNote(bugcheck), "mono")
            .Fact("Instruction", ReportNames.Hex64(bugcheck.InstructionAddress), "mono")
            .Fact("Where", bugcheck.DriverLocation?.ToString() ?? bugcheck.Instruction?.ToString(), "mono")
            .Fact("Control code", ReportNames.Hex32(bugcheck.IoControlCode), "mono")
            .Fact("Case in flight", bugcheck.CaseId, "mono")
            .Close("dl");
        HtmlSourceExcerpt.Write(html, bugcheck.DriverLocation);
        if (!string.IsNullOrEmpty(bugcheck.RawText))
        {
            html.Element("pre", bugcheck.RawText);
        }
    }

    private static void WriteEvents(HtmlOutput html, IReadOnlyList<TraceEventRecord> events, Scenarios.DeviceProfile device)
    {
        html.Element("h4", "Event timeline");
        if (events.Count == 0)
        {
            html.Element("p", "No events were logged during the call.", "muted");
            return;
        }

        html.Open("table", "events").HeaderRow("Seq", "Provider", "Event", "Fields");
        foreach (var record in events.OrderBy(e => e.Sequence))
        {
            html.Open("tr")
                .Element("td", record.Sequence.ToString(CultureInfo.InvariantCulture), "mono")
                .Element("td", record.Provider)
                .Element("td", record.Name, "mono")
                .Element("td", EventFieldText.FormatAll(record.Fields, device), "mono")
                .Close("tr");
        }

        html.Close("table");
    }
}
