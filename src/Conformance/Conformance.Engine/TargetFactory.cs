using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Targets.Simulator;

namespace Conformance.Engine;

/// <summary>Builds the target a run asked for.</summary>
public static class TargetFactory
{
    /// <summary>A target for <paramref name="settings"/>, not yet started.</summary>
    public static IDeviceTarget Create(RunSettings settings, DeviceProfile device) => settings.Target switch
    {
        "simulator" => new SimulatorTarget(SimulatorOptionsFor(settings, device)),
        _ => throw new ArgumentException(
            $"unknown target '{settings.Target}'. Use 'simulator'; the Windows target runs inside the test VM (see run-suite.ps1 -Mode Windows).",
            nameof(settings)),
    };

    private static SimulatorOptions SimulatorOptionsFor(RunSettings settings, DeviceProfile device)
    {
        var options = new SimulatorOptions
        {
            // An explicit driver wins; else the profile's simulator build, relative to the repository root.
            DriverPath = settings.DriverPath
                ?? (device.Simulator is { } open ? Path.Combine(settings.RepositoryRoot, open.DriverLibrary) : settings.ResolvedDriverPath),
            DeviceName = device.Simulator?.DeviceName ?? throw new ArgumentException($"device profile '{device.Name}' has no simulator section"),
            DefectVariant = settings.DefectVariant == 0 ? null : settings.DefectVariant,
            CallTimeout = settings.CallTimeout,
            EventBufferMegabytes = settings.EventBufferMegabytes,
            RawCaptureDirectory = settings.RawCaptureDirectory,
        };
        if (settings.CaptureEvents && device.EventProvider is { } provider)
        {
            options.EventProviders.Add(provider);
        }

        return options;
    }

    /// <summary>Human-readable description of the driver under test.</summary>
    public static string DescribeDriver(RunSettings settings) => settings.DefectVariant == 0
        ? settings.ResolvedDriverPath
        : $"{settings.ResolvedDriverPath} (DefectVariant={settings.DefectVariant})";
}
