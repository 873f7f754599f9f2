using System.Globalization;
using Conformance.Engine;

namespace Conformance.Cli.Commands.Run;

/// <summary>Reads the options every run-like verb shares into <see cref="RunSettings"/>.</summary>
internal static class SettingsReader
{
    public static RunSettings Read(OptionReader options)
    {
        string root = options.Value("--root") is { } given ? Path.GetFullPath(given) : RunSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
        string? variantText = options.Value("--defect-variant");
        uint variant = 0;
        if (variantText is not null && !uint.TryParse(variantText, NumberStyles.Integer, CultureInfo.InvariantCulture, out variant))
        {
            throw new UsageException($"--defect-variant expects a number, got '{variantText}'.");
        }

        var settings = new RunSettings
        {
            RepositoryRoot = root,
            ScenariosRoot = options.Value("--scenarios"),
            ResultsRoot = options.Value("--results"),
            DriverPath = options.Value("--driver"),
            Filter = options.Value("--filter"),
            Target = options.Value("--target") ?? "simulator",
            DevicePath = options.Value("--device-path"),
            CallTimeout = TimeSpan.FromMilliseconds(options.PositiveNumber("--call-timeout-ms", 10_000)),
            DefectVariant = variant,
            CaptureEvents = !options.Flag("--no-capture"),
            EventBufferMegabytes = (int)options.PositiveNumber("--event-buffer-mb", 256),
        };
        options.EnsureAllRead();
        // Checked before anything is created: no empty run folder for a target that cannot start here.
        if (!TargetFactory.Names.Contains(settings.Target))
        {
            throw new UsageException($"unknown target '{settings.Target}': use {string.Join(" or ", TargetFactory.Names)}.");
        }

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
}
