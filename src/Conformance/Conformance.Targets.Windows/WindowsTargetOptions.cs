namespace Conformance.Targets.Windows;

/// <summary>How the Windows target finds, installs and drives the real driver.</summary>
public sealed class WindowsTargetOptions
{
    /// <summary>Win32 device path, e.g. \\.\ConformanceSample (an NT path such as \Device\X works too).</summary>
    public required string DevicePath { get; init; }

    /// <summary>The driver's service name; null when the driver is managed outside the suite (then no install, no variant, no restart).</summary>
    public string? ServiceName { get; init; }

    /// <summary>A .sys to install before starting (copied to the drivers folder); null to use the installed service as it is.</summary>
    public string? DriverFile { get; init; }

    /// <summary>Seeded defect variant to write under the service key (0: the clean driver).</summary>
    public uint DefectVariant { get; init; }

    /// <summary>Longest a call may take before it is a hang.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The driver's TraceLogging provider to capture over ETW; null for no capture (event expectations are then not judged).</summary>
    public string? EventProvider { get; init; }

    /// <summary>Address space reserved for one case's buffers.</summary>
    public ulong UserRegionBytes { get; init; } = 64UL << 20;
}
