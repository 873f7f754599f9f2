using Conformance.Engine;
using Conformance.Scenarios;
using Conformance.Verdicts;

namespace Conformance.Suite;

/// <summary>
/// One conformance run for the whole test assembly: opened before the first case, completed after the
/// last, so the reports in results/&lt;run-id&gt;/ cover exactly the cases NUnit ran (a --filter run
/// reports only what it selected).
/// </summary>
[SetUpFixture]
public sealed class SuiteSession
{
    private static ConformanceRun? current;
    private static readonly Dictionary<string, CaseResult> Judged = new(StringComparer.Ordinal);

    internal static ConformanceRun Current => current ?? throw new InvalidOperationException("the suite session is not open");

    /// <summary>
    /// The verdict of <paramref name="scenarioCase"/>. The first test of a scenario fires all of that
    /// scenario's cases in one run: the driver's events are collected once per run (a heartbeat wait of
    /// ~0.1 s), which per case would dominate the suite. A filtered run therefore also fires, and reports,
    /// the other cases of the scenarios it touches.
    /// </summary>
    internal static async Task<CaseResult> ResultOfAsync(ScenarioCase scenarioCase)
    {
        if (!Judged.TryGetValue(scenarioCase.Id, out var result))
        {
            var scenario = Current.Catalog.Cases
                .Where(c => c.Provenance.ScenarioId == scenarioCase.Provenance.ScenarioId && !Judged.ContainsKey(c.Id))
                .ToList();
            foreach (var judged in await Current.RunAsync(scenario, null, CancellationToken.None))
            {
                Judged[judged.Id] = judged;
            }

            result = Judged[scenarioCase.Id];
        }

        return result;
    }

    [OneTimeSetUp]
    public static void Open() => current = ConformanceRun.Open(SuiteSettings.FromTestParameters());

    [OneTimeTearDown]
    public static async Task CloseAsync()
    {
        if (current is null)
        {
            return;
        }

        if (current.Results.Count > 0)
        {
            var run = current.Complete();
            TestContext.Progress.WriteLine(
                $"conformance: {run.Summary.Passed} passed, {run.Summary.Failed} failed, {run.Summary.Errors} errors, {run.Summary.Blocked} blocked; report: {Path.Combine(current.Directory, "report.html")}");
            if (run.Coverage is { } coverage)
            {
                TestContext.Progress.WriteLine("conformance: " + Conformance.Coverage.CoverageSummary.Line(coverage));
            }
        }

        await current.DisposeAsync();
        current = null;
        Judged.Clear();
    }
}
