using Conformance.Engine;

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

    internal static ConformanceRun Current => current ?? throw new InvalidOperationException("the suite session is not open");

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
        }

        await current.DisposeAsync();
        current = null;
    }
}
