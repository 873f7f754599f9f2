using System.CommandLine;
using Conformance.Cli.Options;
using Conformance.Cli.Progress;
using Conformance.Engine;
using Conformance.Running;
using Conformance.Targets;
using Conformance.Targets.Windows;
using Conformance.Verdicts;

namespace Conformance.Cli.Commands.Run;

/// <summary>`conformance run`: the catalog against a target, reports in results/&lt;run-id&gt;/.</summary>
internal sealed class RunCommand : ICommand
{
    /// <summary>Written into the run folder when a call hung on a machine that needs a reset (docs/windows.md).</summary>
    public const string HangMarkerFile = "hang.txt";

    private readonly RunSettingsOptions settingsOptions = new(withDefectVariant: true);

    private readonly Option<string> resumeOption = new("--resume")
    {
        Description = "Continue a run that stopped (killed, interrupted, or its machine rebooted) from the journal in RUN-DIR "
            + "(results/<run-id>/), with the same options as the first time: returned cases are judged from the journal, "
            + "the rest are fired, the reports cover all.",
        HelpName = "RUN-DIR",
    };

    private readonly Option<int> keepOption = new Option<int>("--keep")
    {
        Description = $"Keep the newest N run folders under the results folder and delete older ones (default {ResultsRetention.DefaultKeep}; "
            + "0 keeps all). Never deletes this run, the one latest points at, or anything that is not a run folder.",
        HelpName = "N",
        DefaultValueFactory = _ => ResultsRetention.DefaultKeep,
    }.NotNegative();

    private readonly Option<bool> coverageOption = new("--coverage")
    {
        Description = "Simulator: build the driver again with coverage (gcc or clang --coverage, into the run folder), run the catalog "
            + "against that build, and report the line and branch coverage of the driver's own sources: a summary here, "
            + "results.json \"coverage\", annotated sources in report.html (docs/coverage.md).",
    };

    public RunCommand()
    {
        Command = new Command("run", "Run the scenario catalog against a target; reports in results/<run-id>/.");
        settingsOptions.AddTo(Command);
        Command.Options.Add(resumeOption);
        Command.Options.Add(keepOption);
        Command.Options.Add(coverageOption);
    }

    public Command Command { get; }

    public string HelpDetails =>
        $"""
        Writes results/<run-id>/ (report.html, results.json, junit.xml, results.sarif, the journal, and repro/ with a one-case
        scenario per failing case) and points results/latest at it.

        {ExitCodes.Table}
        """;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string? resume = parsed.GetValue(resumeOption);
        var settings = settingsOptions.Read(parsed) with { Coverage = parsed.GetValue(coverageOption) };
        ConformanceRun? session = null;
        try
        {
            session = resume is null
                ? ConformanceRun.Open(settings)
                : await ConformanceRun.ResumeAsync(settings, resume, cancellationToken).ConfigureAwait(false);
            if (session.Resumed is { } resumed)
            {
                console.Out.WriteLine($"resuming {session.RunId}: {resumed.Outcomes.Count} case(s) judged from the journal"
                    + (resumed.LostInFlight is { } lost ? $" ({lost} was in flight when the machine went down)" : string.Empty)
                    + $", {session.RemainingCases.Count} to fire ({resumed.FireAgain.Count} of them fired before without returning)");
            }

            // The results root of this run: a resumed run's folder may be under another root than --results says.
            int keep = parsed.GetValue(keepOption);
            string resultsRoot = Path.GetDirectoryName(session.Directory)!;
            if (ResultsRetention.Prune(resultsRoot, keep, session.Directory) is { Count: > 0 } deleted)
            {
                console.Error.WriteLine($"removed {deleted.Count} old run folder(s) under {resultsRoot} (--keep {keep})");
            }

            var running = session;
            await ProgressView.For(console)
                .ShowAsync("run", observer => running.RunAsync(running.RemainingCases, observer, cancellationToken))
                .ConfigureAwait(false);
            var run = session.Complete();
            string directory = session.Directory;
            var summary = run.Summary;
            console.Out.WriteLine($"{summary.Total} cases: {summary.Passed} passed, {summary.Failed} failed, {summary.Errors} errors, {summary.Blocked} blocked");
            foreach (var failed in run.Results.Where(r => r.Verdict is CaseVerdict.Fail or CaseVerdict.Error).Take(20))
            {
                string why = failed.Findings.Count > 0 ? $"{failed.Findings[0].Category.ToReportName()}: {failed.Findings[0].Message}" : failed.Note ?? string.Empty;
                console.Out.WriteLine($"  {failed.Verdict.ToString().ToUpperInvariant()} {failed.Id}  {why}");
            }

            if (run.Coverage is { } coverage)
            {
                console.Out.WriteLine(Conformance.Coverage.CoverageSummary.Line(coverage));
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
        catch (OperationCanceledException) when ((session?.Directory ?? resume) is { } folder)
        {
            console.Error.WriteLine();
            console.Error.WriteLine($"conformance run: interrupted; every case that returned is in the journal. Continue with: conformance run --resume {folder} (and the same options)");
            return ExitCodes.Interrupted;
        }
        catch (MachineResetRequiredException hang) when (session is not null)
        {
            // The hang is in the journal already; everything else of the run is there too.
            File.WriteAllText(Path.Combine(session.Directory, HangMarkerFile), hang.CaseId + Environment.NewLine);
            console.Error.WriteLine();
            console.Error.WriteLine($"conformance run: {hang.Message}");
            console.Error.WriteLine($"after the reset: conformance run --resume {session.Directory} (and the same options)");
            return ExitCodes.MachineResetRequired;
        }
        catch (WindowsTargetException error)
        {
            console.Error.WriteLine($"conformance run: the Windows target cannot go on: {error.Message} (the cases that returned are in the journal: --resume continues)");
            return ExitCodes.Failure;
        }
        catch (ResumeException error)
        {
            console.Error.WriteLine($"conformance run: cannot resume: {error.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
