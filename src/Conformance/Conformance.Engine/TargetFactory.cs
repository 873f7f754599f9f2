using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Targets.Windows;

namespace Conformance.Engine;

/// <summary>Builds the target a run asked for.</summary>
public static class TargetFactory
{
    /// <summary>The target names a run may ask for.</summary>
    public static IReadOnlyList<string> Names { get; } = ["simulator", "windows"];

    /// <summary>A target for <paramref name="settings"/>, not yet started.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="device">The device profile.</param>
    /// <param name="kernelSecret">The run's kernel secret, planted by every boot of a target that plants one; null: the target's own.</param>
    public static IDeviceTarget Create(RunSettings settings, DeviceProfile device, ReadOnlyMemory<byte>? kernelSecret = null) => settings.Target switch
    {
        "simulator" => new SimulatorTarget(SimulatorOptionsFor(settings, device, kernelSecret)),
        "windows" when OperatingSystem.IsWindows() => new WindowsTarget(WindowsOptionsFor(settings, device)),
        "windows" => throw new ArgumentException(
            "the Windows target runs on Windows: inside the test VM (run-suite.ps1 -Mode Windows / -Mode HyperV), or the win-x64 build under Wine (tools/wine-smoke.sh)",
            nameof(settings)),
        _ => throw new ArgumentException($"unknown target '{settings.Target}'. Use {string.Join(" or ", Names)}.", nameof(settings)),
    };

    /// <summary>The profile's liveness call as a target makes it, or null when the profile has none.</summary>
    public static LivenessProbe? LivenessProbeFor(DeviceProfile device)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (device.Liveness is not { } liveness)
        {
            return null;
        }

        var call = new IoctlCall(
            LivenessProbe.CaseId,
            liveness.Ioctl.Code.Value,
            GrantedAccess: 3, // FILE_READ_DATA | FILE_WRITE_DATA: a liveness call must not fail on the handle's access
            liveness.InputSize == 0 ? BufferSpec.None : BufferSpec.ReadWriteOf(liveness.InputSize),
            liveness.OutputSize == 0 ? BufferSpec.None : BufferSpec.ReadWriteOf(liveness.OutputSize),
            RacerSpec.None);
        return new LivenessProbe(call, liveness.Status, liveness.Ioctl.Name);
    }

    private static SimulatorOptions SimulatorOptionsFor(RunSettings settings, DeviceProfile device, ReadOnlyMemory<byte>? kernelSecret)
    {
        var options = new SimulatorOptions
        {
            DriverPath = SimulatorDriverPath(settings, device),
            DeviceName = device.Simulator?.DeviceName ?? throw new ArgumentException($"device profile '{device.Name}' has no simulator section"),
            DefectVariant = settings.DefectVariant == 0 ? null : settings.DefectVariant,
            CallTimeout = settings.CallTimeout,
            EventBufferMegabytes = settings.EventBufferMegabytes,
            RawCaptureDirectory = settings.RawCaptureDirectory,
            SandboxDirectory = settings.SandboxDirectory,
            DriverDebugOutput = settings.DriverDebugOutput,
            KernelSecret = kernelSecret,
            Liveness = LivenessProbeFor(device),
            AccessTrace = settings.AccessTrace,
        };
        if (settings.CaptureEvents && device.EventProvider is { } provider)
        {
            options.EventProviders.Add(provider);
        }

        return options;
    }

    /// <summary>The Linux library the simulator loads for <paramref name="device"/>.</summary>
    public static string SimulatorDriverPath(RunSettings settings, DeviceProfile device)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(device);
        // An explicit driver wins; else the profile's simulator build, relative to the repository root.
        return settings.DriverPath
            ?? (device.Simulator is { } open ? Path.Combine(settings.RepositoryRoot, open.DriverLibrary) : settings.ResolvedDriverPath);
    }

    private static WindowsTargetOptions WindowsOptionsFor(RunSettings settings, DeviceProfile device)
    {
        var open = device.Windows ?? throw new ArgumentException($"device profile '{device.Name}' has no open.windows section: the Windows target does not know how to open it");
        return new WindowsTargetOptions
        {
            DevicePath = settings.DevicePath ?? open.DevicePath,
            ServiceName = open.Service,
            DriverFile = WindowsDriverFile(settings, open),
            DefectVariant = settings.DefectVariant,
            CallTimeout = settings.CallTimeout,
            EventProvider = settings.CaptureEvents ? device.EventProvider : null,
        };
    }

    /// <summary>The .sys the Windows target installs: --driver, else the profile's build when it exists; null to use the installed service.</summary>
    private static string? WindowsDriverFile(RunSettings settings, WindowsOpen open) =>
        settings.DriverPath ?? (open.Driver is { } relative && File.Exists(Path.Combine(settings.RepositoryRoot, relative))
            ? Path.Combine(settings.RepositoryRoot, relative)
            : null);

    /// <summary>
    /// Human-readable description of the driver under test: the one given, else each device profile's own (not the
    /// bundled reference driver when a catalog brings its own).
    /// </summary>
    public static string DescribeDriver(RunSettings settings, IEnumerable<DeviceProfile> devices)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(devices);
        var drivers = settings.DriverPath is { } given ? [given] : devices.Select(d => DriverOf(settings, d)).Distinct(StringComparer.Ordinal).ToList();
        string driver = drivers.Count > 0 ? string.Join(", ", drivers)
            : settings.Target == "simulator" ? settings.ResolvedDriverPath : "the device profile's driver (open.windows)";
        return settings.DefectVariant == 0 ? driver : $"{driver} (DefectVariant={settings.DefectVariant})";
    }

    private static string DriverOf(RunSettings settings, DeviceProfile device) => settings.Target == "simulator"
        ? SimulatorDriverPath(settings, device)
        : device.Windows is { } open && WindowsDriverFile(settings, open) is { } file ? file : $"the device profile's driver ({device.Name}: open.windows)";
}
