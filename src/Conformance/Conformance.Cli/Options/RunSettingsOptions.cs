using System.CommandLine;
using Conformance.Engine;

namespace Conformance.Cli.Options;

/// <summary>
/// The options every run-like verb shares (run, selfcheck), declared once with their help text, and read into
/// <see cref="RunSettings"/>. Their names are what run-suite.ps1 (tools/ConformanceSuite/Cli.ps1) and
/// tools/wine-smoke.sh pass: renaming one breaks them.
/// </summary>
internal sealed class RunSettingsOptions
{
    private readonly bool withDefectVariant;

    public RunSettingsOptions(bool withDefectVariant)
    {
        this.withDefectVariant = withDefectVariant;
    }

    public Option<string> Root { get; } = new("--root")
    {
        Description = "The repository (the folder holding Conformance.sln); default: found above the current directory.",
        HelpName = "DIR",
    };

    public Option<string> Scenarios { get; } = new("--scenarios")
    {
        Description = "The scenario catalog to run (a folder with devices/ and scenario files); default: ROOT/scenarios. "
            + "A run's repro/ folder replays its failing cases; one scenario file (a reproducer such as repro/case-00001.yaml, steps and all, "
            + "or a fuzz finding) runs alone, with the device profiles of the catalog it sits in.",
        HelpName = "DIR|FILE",
    };

    public Option<string> Results { get; } = new("--results")
    {
        Description = "Where run folders are written (results/<run-id>/, results/latest); default: ROOT/results.",
        HelpName = "DIR",
    };

    public Option<string> Filter { get; } = new("--filter")
    {
        Description = "Only the cases whose id contains TEXT; @FILE: exactly the case ids listed in FILE (one per line, # comments), "
            + "each of which must exist. A filter that selects no case is a usage error (exit 2).",
        HelpName = "TEXT|@FILE",
    };

    public Option<uint> DefectVariant { get; } = new("--defect-variant")
    {
        Description = "Load seeded defect variant N of the reference driver (1..12, driver-under-test/DEFECTS.md); 0 = the clean driver.",
        HelpName = "N",
        DefaultValueFactory = _ => 0,
    };

    public Option<string> Driver { get; } = new("--driver")
    {
        Description = "The driver: a Linux .so for the simulator (default: the device profile's build of the reference driver), "
            + "a .sys for --target windows. Checked before anything is created.",
        HelpName = "PATH",
    };

    public Option<string> Target { get; } = CreateTarget();

    public Option<string> DevicePath { get; } = new("--device-path")
    {
        Description = @"--target windows: open PATH instead of the profile's open.windows.path (e.g. \\.\MyDevice).",
        HelpName = "PATH",
    };

    public Option<int> CallTimeoutMs { get; } = new Option<int>("--call-timeout-ms")
    {
        Description = "A call that takes longer is a HANG (default 10000). On a machine target the caller thread is then stuck "
            + "in the kernel: the hang is journaled, hang.txt names the case in the run folder, and the exit code is 3.",
        HelpName = "N",
        DefaultValueFactory = _ => 10_000,
    }.Positive();

    public Option<bool> NoCapture { get; } = new("--no-capture")
    {
        Description = "No event capture: event expectations are reported as not judged (never passed).",
    };

    public Option<bool> NoAccessTrace { get; } = new("--no-access-trace")
    {
        Description = "Simulator: do not record the driver's touches of user memory; DOUBLE_FETCH, UNPROBED_USER_ACCESS, "
            + "USER_ACCESS_OUTSIDE_TRY and UNEXPECTED_USER_ACCESS are then not judged.",
    };

    public Option<int> EventBufferMb { get; } = new Option<int>("--event-buffer-mb")
    {
        Description = "The simulator's EventPipe session buffer in MiB (default 256); lost events make a case an error.",
        HelpName = "N",
        DefaultValueFactory = _ => 256,
    }.Positive();

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Filter);
        if (withDefectVariant)
        {
            command.Options.Add(DefectVariant);
        }

        command.Options.Add(Driver);
        command.Options.Add(Target);
        command.Options.Add(DevicePath);
        command.Options.Add(CallTimeoutMs);
        command.Options.Add(NoCapture);
        command.Options.Add(NoAccessTrace);
        command.Options.Add(EventBufferMb);
        command.Options.Add(Scenarios);
        command.Options.Add(Results);
        command.Options.Add(Root);
    }

    /// <summary>The settings; throws <see cref="UsageException"/> for combinations no run can make.</summary>
    public RunSettings Read(ParseResult parsed)
    {
        ArgumentNullException.ThrowIfNull(parsed);
        var settings = new RunSettings
        {
            RepositoryRoot = RepositoryLocator.Find(parsed.GetValue(Root)),
            ScenariosRoot = parsed.GetValue(Scenarios),
            ResultsRoot = parsed.GetValue(Results),
            DriverPath = parsed.GetValue(Driver),
            Filter = parsed.GetValue(Filter),
            Target = parsed.GetValue(Target) ?? "simulator",
            DevicePath = parsed.GetValue(DevicePath),
            CallTimeout = TimeSpan.FromMilliseconds(parsed.GetValue(CallTimeoutMs)),
            DefectVariant = withDefectVariant ? parsed.GetValue(DefectVariant) : 0,
            CaptureEvents = !parsed.GetValue(NoCapture),
            AccessTrace = !parsed.GetValue(NoAccessTrace),
            EventBufferMegabytes = parsed.GetValue(EventBufferMb),
        };

        // Checked before anything is created: no empty run folder for a target that cannot start here.
        if (settings.Target == "windows" && !OperatingSystem.IsWindows())
        {
            throw new UsageException(
                "--target windows runs on Windows (inside the test VM: run-suite.ps1 -Mode Windows or -Mode HyperV), or as the win-x64 build under Wine (tools/wine-smoke.sh).");
        }

        if (settings.DevicePath is not null && settings.Target != "windows")
        {
            throw new UsageException("--device-path is for --target windows (the simulator opens the profile's open.simulator.device).");
        }

        return settings;
    }

    private static Option<string> CreateTarget()
    {
        var option = new Option<string>("--target")
        {
            Description = "simulator (default): the driver's Linux build in SimHost. windows: the real .sys through NtDeviceIoControlFile "
                + "(on Windows, or the win-x64 build under Wine): installed from --driver or the profile's open.windows.driver, "
                + "the defect variant written under its service key, restarted; needs an elevated prompt.",
            HelpName = "simulator|windows",
            DefaultValueFactory = _ => "simulator",
        };
        option.AcceptOnlyFromAmong([.. TargetFactory.Names]);
        return option;
    }
}
