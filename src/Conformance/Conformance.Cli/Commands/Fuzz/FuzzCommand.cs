using System.CommandLine;
using System.Globalization;
using Conformance.Cli.Options;
using Conformance.Engine;
using Conformance.Engine.Fuzzing;

namespace Conformance.Cli.Commands.Fuzz;

/// <summary>`conformance fuzz`: coverage-guided fuzzing of a device in the simulator; the engine's <see cref="FuzzSession"/> does the work.</summary>
internal sealed class FuzzCommand : ICommand
{
    private readonly Option<string> device = new("--device")
    {
        Description = "The device profile to fuzz (scenarios/devices/NAME.yaml); default: the only one, or conformance-sample.",
        HelpName = "NAME",
    };

    private readonly Option<string[]> ioctls = new("--ioctl")
    {
        Description = "Fuzz only these IOCTLs of the profile (repeat the option or list several); default: all of them.",
        HelpName = "NAME",
        AllowMultipleArgumentsPerToken = true,
    };

    private readonly Option<string> corpus = new("--corpus")
    {
        Description = "The corpus folder: DIR/<device>/queue (inputs that took new paths) and DIR/<device>/findings "
            + "(one reproducer scenario per finding); a second session resumes from it. Default: ROOT/results/fuzz-corpus.",
        HelpName = "DIR",
    };

    private readonly Option<string> duration = new("--duration")
    {
        Description = "How long to fuzz: 500ms, 60s, 2m, 1h or bare seconds (default 60s); 0: until --execs or Ctrl+C.",
        HelpName = "TIME",
        DefaultValueFactory = _ => "60s",
    };

    private readonly Option<ulong> execs = new("--execs")
    {
        Description = "Stop after N execs (default: no limit); with --seed, the same N gives the same inputs.",
        HelpName = "N",
    };

    private readonly Option<ulong> seed = new("--seed")
    {
        Description = "Seed of the mutator's choices (default 1).",
        HelpName = "N",
        DefaultValueFactory = _ => 1,
    };

    private readonly Option<uint> defectVariant = new("--defect-variant")
    {
        Description = "Fuzz seeded defect variant N of the reference driver (driver-under-test/DEFECTS.md); 0 = the clean driver.",
        HelpName = "N",
    };

    private readonly Option<string> driver = new("--driver")
    {
        Description = "The driver's Linux build (default: the device profile's); build it with edge coverage (docs/fuzz.md).",
        HelpName = "LIB",
    };

    private readonly Option<int> timeLimitMs = new Option<int>("--time-limit-ms")
    {
        Description = "A call that takes longer is a HANG finding (default 1000); one that never returns is killed after 5 times this.",
        HelpName = "N",
        DefaultValueFactory = _ => 1000,
    }.Positive();

    private readonly Option<string> scenarios = new("--scenarios")
    {
        Description = "The catalog whose devices/ holds the profile (e.g. tests/drivers/object-table/scenarios); default: ROOT/scenarios.",
        HelpName = "DIR",
    };

    private readonly Option<int> crashesPerIoctl = new Option<int>("--crashes-per-ioctl")
    {
        Description = "Crashes of the fuzzing host after which an IOCTL is left out for the rest of the session (default 3); "
            + "raise it for a driver whose state lets one IOCTL crash again and again before a sequence finds the bug.",
        HelpName = "N",
        DefaultValueFactory = _ => 3,
    }.Positive();

    private readonly Option<string> root = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln); default: found above the current directory.",
        HelpName = "DIR",
    };

    public FuzzCommand()
    {
        Command = new Command("fuzz", "Coverage-guided fuzzing of a device's IOCTLs in the simulator; each new finding becomes a one-case scenario.")
        {
            device, ioctls, corpus, duration, execs, seed, defectVariant, driver, timeLimitMs, scenarios, crashesPerIoctl, root,
        };
    }

    public Command Command { get; }

    public string HelpDetails =>
        """
        SimHost runs the loop: it mutates corpus inputs (contents, real and declared lengths, buffer states and offsets,
        embedded pointers aimed at kernel_canary, kernel_secret, kernel_unmapped, null, input, output, no_access_user,
        the IOCTL and the handle's access), keeps each one that takes a new edge of the driver's code, and reports the
        inputs that look like findings. A second SimHost replays each and judges it with every oracle of `run`
        (bugcheck, hang, kernel canary and secret, pool poison, writes past the buffer, the access trace). Each new
        (category, site) is minimized and written to DIR/<device>/findings/NNN-<category>.yaml; replay it with
        `conformance run --scenarios <file>` (plus the same --defect-variant or --driver). Progress goes to stderr;
        Ctrl+C stops, writes what was found and exits 130. docs/fuzz.md has the details.
        Exit codes: 0 no new finding, 1 new findings, 2 usage error, 130 interrupted.
        """;

    public async Task<int> RunAsync(ParseResult parsed, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        ArgumentNullException.ThrowIfNull(console);
        string repository = RepositoryLocator.Find(parsed.GetValue(root));
        if (!FuzzDuration.TryParse(parsed.GetValue(duration) ?? "60s", out var time))
        {
            throw new UsageException($"--duration '{parsed.GetValue(duration)}': give a time such as 500ms, 60s, 2m or 1h");
        }

        var limit = TimeSpan.FromMilliseconds(parsed.GetValue(timeLimitMs));
        var run = new RunSettings
        {
            RepositoryRoot = repository,
            ScenariosRoot = parsed.GetValue(scenarios) is { } catalog ? Path.GetFullPath(catalog) : null,
            DriverPath = parsed.GetValue(driver),
            DefectVariant = parsed.GetValue(defectVariant),
            CallTimeout = limit * 5,
        };
        var settings = new FuzzSettings
        {
            Run = run,
            Device = parsed.GetValue(device),
            Ioctls = parsed.GetValue(ioctls) ?? [],
            CorpusDirectory = parsed.GetValue(corpus) ?? Path.Combine(run.ResolvedResultsRoot, "fuzz-corpus"),
            Duration = time,
            MaxExecs = parsed.GetValue(execs),
            Seed = parsed.GetValue(seed),
            TimeLimit = limit,
            CrashesPerIoctl = parsed.GetValue(crashesPerIoctl),
        };
        var session = FuzzSession.Open(settings);
        await using (session.ConfigureAwait(false))
        {
            var line = new FuzzProgressLine(console);
            // Ctrl+C (the token) stops the loop; what was found is still judged and written.
            var summary = await session.RunAsync(line.Show, cancellationToken, CancellationToken.None).ConfigureAwait(false);
            line.End();
            WriteSummary(console.Out, summary, run.DefectVariant);
            if (summary.Stopped)
            {
                console.Error.WriteLine($"conformance fuzz: interrupted; run it again with the same --corpus to resume.");
                return ExitCodes.Interrupted;
            }

            return summary.NewFindings.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
        }
    }

    private static void WriteSummary(TextWriter output, FuzzSummary summary, uint variant)
    {
        var culture = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(culture,
            $"fuzz: {summary.Execs:N0} execs in {summary.Elapsed.TotalSeconds:0.0} s ({summary.ExecsPerSecond:N0}/s), {summary.Edges} edges, corpus {summary.CorpusSize} ({summary.Resumed} resumed), {summary.Restarts} restart(s)"));
        if (summary.Edges == 0 && summary.Execs > 0)
        {
            output.WriteLine("no edge of the driver was seen: it is not built with edge coverage (docs/fuzz.md), so the fuzzing was blind");
        }

        if (summary.ExcludedIoctls.Count > 0)
        {
            output.WriteLine($"not fuzzed after crashing again and again: {string.Join(", ", summary.ExcludedIoctls)}");
        }

        if (summary.Unreproduced.Count > 0)
        {
            output.WriteLine($"crashed the fuzzing host but not alone in a fresh one (state from earlier inputs; no reproducer): {string.Join(", ", summary.Unreproduced)}");
        }

        if (summary.HostLosses.Count > 0)
        {
            output.WriteLine($"SimHost was lost {summary.HostLosses.Count} time(s) without a bugcheck (not the driver's doing); the first: {summary.HostLosses[0]}");
        }

        output.WriteLine($"new findings: {summary.NewFindings.Count} (all findings in the corpus: {summary.AllFindings.Count})");
        string variantOption = variant == 0 ? string.Empty : string.Create(culture, $" --defect-variant {variant}");
        foreach (var finding in summary.NewFindings)
        {
            output.WriteLine(string.Create(culture, $"  {finding.Key}   found after {finding.FoundAfter?.TotalSeconds:0.0} s, {finding.Execs:N0} execs"));
            output.WriteLine($"    conformance run --scenarios {finding.File}{variantOption}");
        }

        output.WriteLine($"corpus: {summary.DeviceDirectory}");
    }
}
