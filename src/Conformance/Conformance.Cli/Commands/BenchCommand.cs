using System.CommandLine;
using Conformance.Cli.Commands.Bench;
using Conformance.Cli.Options;
using Conformance.Engine;
using Conformance.Engine.Fuzzing;
using Conformance.Targets.Simulator;

namespace Conformance.Cli.Commands;

/// <summary>`conformance bench`: how fast calls get through the simulator target, against the in-host ceiling.</summary>
internal sealed class BenchCommand : ICommand
{
    private readonly Option<double> secondsOption = new Option<double>("--seconds")
    {
        Description = "How long each of single, batched and ceiling is measured (default 2).",
        HelpName = "N",
        DefaultValueFactory = _ => 2,
    }.Positive();

    private readonly Option<double> warmupOption = new Option<double>("--warmup")
    {
        Description = "Untimed calls before each measurement, in seconds (default 0.5).",
        HelpName = "N",
        DefaultValueFactory = _ => 0.5,
    }.Positive();

    private readonly Option<bool> jsonOption = new("--json") { Description = "Print one JSON object instead of the text lines." };

    private readonly Option<string> driverOption = new("--driver")
    {
        Description = "The driver's Linux build to load (default: the reference driver, driver-under-test/build/sim).",
        HelpName = "PATH",
    };

    private readonly Option<string> rootOption = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln); default: found above the current directory, else above the tool.",
        HelpName = "DIR",
    };

    public BenchCommand()
    {
        Command = new Command("bench", "Measure simulator calls per second (single, batched, in-host ceiling), the engine, the event capture, the access trace and the fuzz loop.")
        {
            secondsOption, warmupOption, jsonOption, driverOption, rootOption,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        Measure simulator calls per second: single, batched, and the in-host ceiling.
        Fires IOCTL_SAMPLE_PING (4-byte output) at the reference driver in SimHost three ways, each for --seconds after --warmup:
          single    one call per ExecuteAsync
          batched   256 calls per ExecuteAsync
          ceiling   the same call in a loop inside SimHost (no socket)
        and prints the rates and single/ceiling, batched/ceiling. Then runs the scenario catalog through the whole
        engine (load, run, judge, write reports) and against the target alone: engine cases/s and
        engine overhead = engine time / target time - 1. Then the event capture: events/s delivered over
        EventPipe with zero loss (500,000 synthetic events), and the seconds capture adds to a catalog run.
        Last the access trace: trace overhead = engine time on the catalog with the trace / without - 1 (the
        engine's span as above: unraced cases, SimHost started off the clock), the median of 21 interleaved
        rounds after a warm-up one, capture off on both sides. The driver is the same instrumented build on both
        sides, so this is the cost of recording and judging the touches, not of the instrumentation.
        Then fuzz: execs/s of the fuzz loop inside SimHost (docs/fuzz.md) on the clean reference driver, every IOCTL,
        one host thread, for --seconds (at least 5) from the corpus a --warmup loop (at least 5 s) built
        (JSON: fuzz_execs_per_s; target: 20000).
        """;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        var settings = new BenchSettings(
            Duration: TimeSpan.FromSeconds(parsed.GetValue(secondsOption)),
            Warmup: TimeSpan.FromSeconds(parsed.GetValue(warmupOption)));
        bool json = parsed.GetValue(jsonOption);
        string? driverGiven = parsed.GetValue(driverOption);
        if (RepositoryLocator.FindNearCurrentOrTool(parsed.GetValue(rootOption)) is not { } root)
        {
            throw new UsageException("run it inside the repository or pass --root (no Conformance.sln above the current directory or the tool).");
        }

        var engineSettings = new RunSettings { RepositoryRoot = root, DriverPath = driverGiven };
        string driver = engineSettings.ResolvedDriverPath;
        if (!File.Exists(driver))
        {
            throw new UsageException($"driver '{driver}' not found; build it with `make -C driver-under-test` or pass --driver.");
        }

        // The engine rounds write real reports (that is part of what is timed); they are scratch, not results.
        var scratch = Directory.CreateTempSubdirectory("conformance-bench-");
        engineSettings = engineSettings with { ResultsRoot = scratch.FullName };
        try
        {
            var result = await new BenchRunner(new SimulatorOptions { DriverPath = driver }, settings).RunAsync(cancellationToken).ConfigureAwait(false);
            var engine = await EngineBench.RunAsync(engineSettings, cancellationToken).ConfigureAwait(false);
            var capture = await CaptureBench.RunAsync(engineSettings, 500_000, cancellationToken).ConfigureAwait(false);
            var accessTrace = await AccessTraceBench.RunAsync(engineSettings, cancellationToken).ConfigureAwait(false);
            // At least 5 s each: a fuzz loop's rate settles over seconds, not the fraction of one a call rate needs.
            var fuzzTime = TimeSpan.FromSeconds(5);
            double fuzz = await FuzzBench.RunAsync(engineSettings, Max(settings.Warmup, fuzzTime), Max(settings.Duration, fuzzTime), cancellationToken).ConfigureAwait(false);
            console.Out.WriteLine(json
                ? BenchReport.ToJson(result, engine, capture, accessTrace, fuzz)
                : string.Join(
                    Environment.NewLine,
                    BenchReport.ToText(result, settings),
                    BenchReport.EngineLine(engine),
                    BenchReport.CaptureLine(capture),
                    BenchReport.AccessTraceLine(accessTrace),
                    BenchReport.FuzzLine(fuzz)));
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
}
