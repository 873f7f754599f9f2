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
            DefectVariant = variant,
            CaptureEvents = !options.Flag("--no-capture"),
            EventBufferMegabytes = (int)options.PositiveNumber("--event-buffer-mb", 256),
        };
        options.EnsureAllRead();
        if (settings.Target != "simulator")
        {
            // Checked before anything is created: no empty run folder for a target that cannot start.
            throw new UsageException(
                $"target '{settings.Target}' is not available in this build: the Windows target (NtDeviceIoControlFile on the real driver) is not implemented yet. Use --target simulator.");
        }

        return settings;
    }
}
