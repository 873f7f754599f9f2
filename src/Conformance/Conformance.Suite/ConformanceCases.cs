using Conformance.Engine;
using Conformance.Reports;
using Conformance.Scenarios;
using Conformance.Verdicts;

namespace Conformance.Suite;

/// <summary>Every expanded scenario case as one NUnit test, named by its stable id.</summary>
[TestFixture]
public sealed class ConformanceCases
{
    /// <summary>The catalog's cases with categories for --filter: transfer method, IOCTL, device, buffer states.</summary>
    public static IEnumerable<TestCaseData> Cases()
    {
        var settings = SuiteSettings.FromTestParameters();
        var loaded = settings.LoadCatalog();
        if (loaded.Value is not { } catalog)
        {
            // A broken catalog is one failing test that lists every error, not a silent empty suite.
            yield return new TestCaseData(string.Join(Environment.NewLine, loaded.Errors)).SetName("catalog-loads");
            yield break;
        }

        foreach (var scenarioCase in catalog.Cases)
        {
            var data = new TestCaseData(scenarioCase.Id).SetName(scenarioCase.Id)
                .SetCategory(scenarioCase.Ioctl.Code.Method.ToString().ToLowerInvariant())
                .SetCategory(scenarioCase.Ioctl.Name)
                .SetCategory(scenarioCase.Device.Name)
                .SetCategory("input-" + ReportNames.State(scenarioCase.Call.Input.State))
                .SetCategory("output-" + ReportNames.State(scenarioCase.Call.Output.State));
            yield return data;
        }
    }

    [TestCaseSource(nameof(Cases))]
    public async Task Case(string id)
    {
        var run = SuiteSession.Current;
        var scenarioCase = run.Catalog.FindCase(id);
        if (scenarioCase is null)
        {
            Assert.Fail($"the scenario catalog does not load:{Environment.NewLine}{id}");
            return;
        }

        var result = await SuiteSession.ResultOfAsync(scenarioCase);
        switch (result.Verdict)
        {
            case CaseVerdict.Pass:
                return;
            case CaseVerdict.Blocked:
                Assert.Ignore(result.Note ?? "blocked");
                return;
            case CaseVerdict.Error:
                Assert.Fail($"ERROR: {result.Note}");
                return;
            default:
                Assert.Fail(string.Join(Environment.NewLine, result.Findings.Select(f => $"{f.Category.ToReportName()}: {f.Message}"))
                    + $"{Environment.NewLine}scenario: {scenarioCase.Provenance.Scenario.File}:{scenarioCase.Provenance.Scenario.Line}");
                return;
        }
    }
}
