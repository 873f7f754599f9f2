using Conformance.Cli.Commands.Bench;
using Conformance.Engine;
using Conformance.Targets.Simulator;

namespace Conformance.Cli.Commands;

/// <summary>`conformance bench`: how fast calls get through the simulator target, against the in-host ceiling.</summary>
internal sealed class BenchCommand : ICommand
{
    public string Name => "bench";

    public string Summary => "Measure simulator calls per second: single, batched, and the in-host ceiling.";

    public string Usage =>
        """
        usage: conformance bench [--seconds N] [--warmup N] [--json] [--driver path/to/driver.so]

        Fires IOCTL_SAMPLE_PING (4-byte output) at the reference driver in SimHost three ways, each for N seconds
        (default 2) after a warm-up (default 0.5):
          single    one call per ExecuteAsync
          batched   256 calls per ExecuteAsync
          ceiling   the same call in a loop inside SimHost (no socket)
        and prints the rates and single/ceiling, batched/ceiling. Then runs the scenario catalog through the whole
        engine (load, run, judge, write reports) and against the target alone: engine cases/s and
        engine overhead = engine time / target time - 1. Then the event capture: events/s delivered over
        EventPipe with zero loss (500,000 synthetic events), and the seconds capture adds to a catalog run.
        --json prints one JSON object instead.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> arguments, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        var options = new OptionReader(arguments);
        var settings = new BenchSettings(
            Duration: TimeSpan.FromSeconds(options.PositiveNumber("--seconds", 2)),
            Warmup: TimeSpan.FromSeconds(options.PositiveNumber("--warmup", 0.5)));
        bool json = options.Flag("--json");
        string? driverOption = options.Value("--driver");
        options.EnsureAllRead();
        if (RepositoryRoot() is not { } root)
        {
            console.Error.WriteLine("conformance bench: run it inside the repository (no Conformance.sln above the current directory or the tool).");
            return ExitCodes.Failure;
        }

        var engineSettings = new RunSettings { RepositoryRoot = root, DriverPath = driverOption };
        string driver = engineSettings.ResolvedDriverPath;
        if (!File.Exists(driver))
        {
            console.Error.WriteLine($"conformance bench: driver '{driver}' not found; build it with `make -C driver-under-test` or pass --driver.");
            return ExitCodes.Failure;
        }

        // The engine rounds write real reports (that is part of what is timed); they are scratch, not results.
        var scratch = Directory.CreateTempSubdirectory("conformance-bench-");
        engineSettings = engineSettings with { ResultsRoot = scratch.FullName };
        try
        {
            var result = await new BenchRunner(new SimulatorOptions { DriverPath = driver }, settings).RunAsync(cancellationToken).ConfigureAwait(false);
            var engine = await EngineBench.RunAsync(engineSettings, cancellationToken).ConfigureAwait(false);
            var capture = await CaptureBench.RunAsync(engineSettings, 500_000, cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(json
                ? BenchReport.ToJson(result, engine, capture)
                : BenchReport.ToText(result, settings) + Environment.NewLine + BenchReport.EngineLine(engine) + Environment.NewLine + BenchReport.CaptureLine(capture));
            return ExitCodes.Success;
        }
        catch (SimulatorStartException e)
        {
            console.Error.WriteLine($"conformance bench: {e.Message}");
            return ExitCodes.Failure;
        }
        catch (BenchFailedException e)
        {
            console.Error.WriteLine($"conformance bench: {e.Message}");
            return ExitCodes.Failure;
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    // The repository above the current directory, else above the tool itself.
    private static string? RepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            try
            {
                return RunSettings.FindRepositoryRoot(start);
            }
            catch (DirectoryNotFoundException)
            {
                // try the next start
            }
        }

        return null;
    }
}
