using Conformance.Engine;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Cli.Commands.Run;

/// <summary>`conformance run`: the catalog against a target, reports in results/&lt;run-id&gt;/.</summary>
internal sealed class RunCommand : ICommand
{
    public string Name => "run";

    public string Summary => "run the scenario catalog against a target and write the reports";

    public string Usage => "conformance run [--filter TEXT] [--defect-variant N] [--driver PATH] [--scenarios DIR] [--results DIR] [--root DIR] [--target simulator] [--no-capture] [--event-buffer-mb N]";

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken)
    {
        var settings = SettingsReader.Read(new OptionReader(arguments));
        try
        {
            var progress = new ConsoleProgress(console.Error);
            await using var session = ConformanceRun.Open(settings);
            await session.RunAsync(session.SelectedCases, progress, cancellationToken).ConfigureAwait(false);
            var run = session.Complete();
            string directory = session.Directory;
            progress.Finish();
            var summary = run.Summary;
            console.Out.WriteLine($"{summary.Total} cases: {summary.Passed} passed, {summary.Failed} failed, {summary.Errors} errors, {summary.Blocked} blocked");
            foreach (var failed in run.Results.Where(r => r.Verdict is CaseVerdict.Fail or CaseVerdict.Error).Take(20))
            {
                string why = failed.Findings.Count > 0 ? $"{failed.Findings[0].Category.ToReportName()}: {failed.Findings[0].Message}" : failed.Note ?? string.Empty;
                console.Out.WriteLine($"  {failed.Verdict.ToString().ToUpperInvariant()} {failed.Id}  {why}");
            }

            console.Out.WriteLine($"report: {Path.Combine(directory, "report.html")}");
            if (summary.Failed + summary.Errors > 0)
            {
                string variant = settings.DefectVariant != 0 ? $" --defect-variant {settings.DefectVariant}" : string.Empty;
                string driver = settings.DriverPath is { } path ? $" --driver {path}" : string.Empty;
                console.Out.WriteLine($"reproduce the failing cases: conformance run --scenarios {Path.Combine(directory, "repro")}{variant}{driver}");
            }
            return summary.Failed + summary.Errors == 0 ? ExitCodes.Success : ExitCodes.Failure;
        }
        catch (CatalogLoadException error)
        {
            foreach (var e in error.Errors)
            {
                console.Error.WriteLine(e);
            }

            console.Error.WriteLine($"{error.Errors.Count} scenario error(s); nothing was run. Fix them (`conformance validate`) and run again.");
            return ExitCodes.Failure;
        }
    }

    /// <summary>A one-line progress display on stderr for long runs.</summary>
    private sealed class ConsoleProgress(TextWriter writer) : IRunObserver
    {
        private int failed;
        private DateTime lastDraw;

        public void CaseJudged(CaseResult result, int done, int total)
        {
            if (result.Verdict is CaseVerdict.Fail or CaseVerdict.Error)
            {
                failed++;
            }

            if (done == total || DateTime.UtcNow - lastDraw > TimeSpan.FromMilliseconds(200))
            {
                lastDraw = DateTime.UtcNow;
                writer.Write($"\r[{done}/{total}] judged, {failed} failing");
            }
        }

        public void CaseFired(int fired, int total)
        {
            if (fired == total || DateTime.UtcNow - lastDraw > TimeSpan.FromMilliseconds(200))
            {
                lastDraw = DateTime.UtcNow;
                writer.Write($"\r[{fired}/{total}] fired");
            }
        }

        public void TargetRestarting(string reason) => writer.Write($"\r  target restarted after {reason}{Environment.NewLine}");

        public void Finish() => writer.WriteLine();
    }
}
