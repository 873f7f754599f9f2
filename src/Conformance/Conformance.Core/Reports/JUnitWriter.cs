using System.Globalization;
using System.Text;
using System.Xml;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports;

/// <summary>
/// junit.xml for CI test views: one testsuite per scenario file, one testcase per case. Failures carry
/// the most severe finding's category as their type so CI summaries sort the worst first.
/// </summary>
public sealed class JUnitWriter : IReportWriter
{
    /// <inheritdoc/>
    public string FileName => "junit.xml";

    /// <inheritdoc/>
    public void Write(RunResult run, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            CloseOutput = false,
        };
        using var xml = XmlWriter.Create(destination, settings);
        var summary = run.Summary;

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", XmlText.Clean($"Driver Conformance Suite {run.RunId}"));
        WriteCounts(xml, summary.Total, summary.Failed, summary.Errors, summary.Blocked, TotalTime(run.Results));
        xml.WriteAttributeString("timestamp", ReportNames.Timestamp(run.StartedAt));

        // Suites in catalog order of their first case, so equal runs give equal files.
        int suiteIndex = 0;
        foreach (var suite in run.Results.GroupBy(r => r.Case.Provenance.Scenario.File, StringComparer.Ordinal))
        {
            WriteSuite(xml, run, suite.Key, [.. suite], suiteIndex++);
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    private static void WriteSuite(XmlWriter xml, RunResult run, string file, IReadOnlyList<CaseResult> cases, int index)
    {
        var counts = RunSummary.Of(cases);
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", XmlText.Clean(file));
        xml.WriteAttributeString("id", index.ToString(CultureInfo.InvariantCulture));
        WriteCounts(xml, counts.Total, counts.Failed, counts.Errors, counts.Blocked, TotalTime(cases));
        xml.WriteAttributeString("timestamp", ReportNames.Timestamp(run.StartedAt));
        xml.WriteAttributeString("file", XmlText.Clean(file));

        xml.WriteStartElement("properties");
        WriteProperty(xml, "run_id", run.RunId);
        WriteProperty(xml, "target", run.Target.Name);
        WriteProperty(xml, "driver", run.DriverDescription);
        xml.WriteEndElement();

        foreach (var result in cases)
        {
            WriteCase(xml, result);
        }

        xml.WriteEndElement();
    }

    private static void WriteCase(XmlWriter xml, CaseResult result)
    {
        var provenance = result.Case.Provenance;
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText.Clean(result.Id));
        xml.WriteAttributeString("classname", XmlText.Clean(provenance.ScenarioId));
        xml.WriteAttributeString("time", ReportNames.Seconds(result.Outcome?.Elapsed ?? TimeSpan.Zero));
        xml.WriteAttributeString("file", XmlText.Clean(provenance.Scenario.File));
        xml.WriteAttributeString("line", provenance.Scenario.Line.ToString(CultureInfo.InvariantCulture));

        switch (result.Verdict)
        {
            case CaseVerdict.Fail:
                WriteFailure(xml, result);
                break;
            case CaseVerdict.Error:
                xml.WriteStartElement("error");
                xml.WriteAttributeString("type", result.Outcome is null ? "ERROR" : ReportNames.End(result.Outcome.End).ToUpperInvariant());
                xml.WriteAttributeString("message", XmlText.Clean(result.Note ?? result.Outcome?.Detail ?? "the case could not be judged"));
                xml.WriteString(XmlText.Clean(CaseSummaryText(result)));
                xml.WriteEndElement();
                break;
            case CaseVerdict.Blocked:
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", XmlText.Clean(result.Note ?? "blocked"));
                xml.WriteEndElement();
                break;
            default:
                break;
        }

        xml.WriteEndElement();
    }

    private static void WriteFailure(XmlWriter xml, CaseResult result)
    {
        // The most severe finding leads, so CI summaries show a bugcheck before the wrong status it caused.
        var ordered = CategoryInfo.MostSevereFirst(result.Findings);
        var first = ordered.Count > 0 ? ordered[0] : null;
        xml.WriteStartElement("failure");
        xml.WriteAttributeString("type", first?.Category.ToReportName() ?? "FAIL");
        xml.WriteAttributeString("message", XmlText.Clean(first?.Message ?? "the case failed"));
        xml.WriteString(XmlText.Clean(CaseSummaryText(result)));
        xml.WriteEndElement();
    }

    /// <summary>The body of a failure or error: every finding, then what was called and what came back.</summary>
    private static string CaseSummaryText(CaseResult result)
    {
        var text = new StringBuilder();
        foreach (var finding in CategoryInfo.MostSevereFirst(result.Findings))
        {
            text.Append(finding.Category.ToReportName()).Append(": ").AppendLine(finding.Message);
        }

        var scenario = result.Case.Provenance.Scenario;
        text.Append("scenario: ").AppendLine(scenario.ToString());
        text.Append("ioctl: ").Append(result.Case.Ioctl.Name).Append(' ').AppendLine(ReportNames.Hex32(result.Case.Call.IoControlCode));
        foreach (var step in result.Steps)
        {
            text.Append("step ").Append(step.Step.Name).Append(": ").Append(step.Step.Ioctl.Name).Append(' ')
                .AppendLine(step.Outcome is null ? "not fired" : ReportNames.Status(step.Outcome) ?? ReportNames.End(step.Outcome.End));
        }

        if (result.Outcome?.StoppedInStep is { } stopped)
        {
            text.Append("stopped in step ").Append(stopped).AppendLine(": the case's own call was not fired");
        }
        else
        {
            text.Append("status: ").Append(ReportNames.Status(result.Outcome) ?? "-")
                .Append(", expected: ").AppendLine(ReportNames.ExpectedStatus(result) ?? "any");
        }
        if (result.Outcome?.Bugcheck is { } bugcheck)
        {
            text.Append("bugcheck: ").AppendLine(CaseJudge.DescribeBugcheck(bugcheck));
        }

        if (result.Outcome?.Detail is { } detail)
        {
            text.Append("detail: ").AppendLine(detail);
        }

        if (result.Note is { } note)
        {
            text.Append("note: ").AppendLine(note);
        }

        return text.ToString();
    }

    private static void WriteCounts(XmlWriter xml, int tests, int failures, int errors, int skipped, TimeSpan time)
    {
        var invariant = CultureInfo.InvariantCulture;
        xml.WriteAttributeString("tests", tests.ToString(invariant));
        xml.WriteAttributeString("failures", failures.ToString(invariant));
        xml.WriteAttributeString("errors", errors.ToString(invariant));
        xml.WriteAttributeString("skipped", skipped.ToString(invariant));
        xml.WriteAttributeString("time", ReportNames.Seconds(time));
    }

    private static void WriteProperty(XmlWriter xml, string name, string value)
    {
        xml.WriteStartElement("property");
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("value", XmlText.Clean(value));
        xml.WriteEndElement();
    }

    private static TimeSpan TotalTime(IEnumerable<CaseResult> results) =>
        TimeSpan.FromTicks(results.Sum(r => r.Outcome?.Elapsed.Ticks ?? 0));
}
