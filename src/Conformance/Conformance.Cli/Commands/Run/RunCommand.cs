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

    public string Name => "run";

    public string Summary => "run the scenario catalog against a target and write the reports";

    public string Usage =>
        """
        conformance run [--filter TEXT|@FILE] [--defect-variant N] [--driver PATH] [--scenarios DIR] [--results DIR] [--root DIR] [--target simulator|windows] [--device-path PATH] [--call-timeout-ms N] [--no-capture] [--event-buffer-mb N] [--resume RUN-DIR]

          --target windows  fire at the real driver (on Windows, or the win-x64 build under Wine): the driver is
                            installed from --driver (a .sys) or the profile's open.windows.driver, DefectVariant is
                            written under its service key, and it is restarted; needs an elevated prompt
          --filter TEXT     only cases whose id contains TEXT; --filter @FILE: exactly the case ids listed in FILE
                            (one per line, # comments), each of which must exist
          --driver PATH     the driver: a Linux .so for the simulator, a .sys for Windows
          --device-path P   Windows: open P instead of the profile's open.windows.path (e.g. \\.\MyDevice)
          --call-timeout-ms N  a call that takes longer is a HANG (default 10000). On Windows the caller thread is
                            then stuck in the kernel: the hang is journaled, hang.txt names the case in the run
                            folder, and the process exits with code 3 so the machine can be dumped and reset
          --no-capture      no event capture: event expectations are reported as not judged (never passed)
          --resume RUN-DIR  continue a run that stopped (killed, interrupted, or its machine rebooted) from the
                            journal in RUN-DIR (results/<run-id>/), with the same options as the first time:
                            returned cases are judged from the journal, the rest are fired, the reports cover all.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken)
    {
        var options = new OptionReader(arguments);
        string? resume = options.Value("--resume");
        var settings = SettingsReader.Read(options);
        ConformanceRun? session = null;
        try
        {
            var progress = new ConsoleProgress(console.Error);
            session = resume is null
                ? ConformanceRun.Open(settings)
                : await ConformanceRun.ResumeAsync(settings, resume, cancellationToken).ConfigureAwait(false);
            if (session.Resumed is { } resumed)
            {
                console.Out.WriteLine($"resuming {session.RunId}: {resumed.Outcomes.Count} case(s) judged from the journal"
                    + (resumed.LostInFlight is { } lost ? $" ({lost} was in flight when the machine went down)" : string.Empty)
                    + $", {session.RemainingCases.Count} to fire ({resumed.FireAgain.Count} of them fired before without returning)");
            }

            await session.RunAsync(session.RemainingCases, progress, cancellationToken).ConfigureAwait(false);
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
            console.Error.WriteLine($"conformance run: the Windows target cannot start: {error.Message}");
            return ExitCodes.Failure;
        }
        catch (ResumeException error)
        {
            console.Error.WriteLine($"conformance run: cannot resume: {error.Message}");
            return ExitCodes.Failure;
        }
        catch (CaseSelectionException error)
        {
            console.Error.WriteLine($"conformance run: {error.Message}");
            return ExitCodes.Usage;
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
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync().ConfigureAwait(false);
            }
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
