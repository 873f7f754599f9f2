namespace Conformance.Targets.Simulator;

/// <summary>How to start and drive SimHost. Defaults suit a local run of the reference driver.</summary>
public sealed class SimulatorOptions
{
    /// <summary>The registry value the reference driver reads to pick a seeded defect.</summary>
    public const string DefectVariantValueName = "DefectVariant";

    /// <summary>The driver shared object (built against the WDM shim) to load.</summary>
    public required string DriverPath { get; set; }

    /// <summary>REG_DWORD values under the driver's Parameters key, e.g. DefectVariant = 1.</summary>
    public IDictionary<string, uint> Registry { get; } = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Seeded defect of the reference driver (the DefectVariant registry value); null leaves it unset.</summary>
    public uint? DefectVariant
    {
        get => Registry.TryGetValue(DefectVariantValueName, out uint value) ? value : null;
        set
        {
            if (value is { } variant)
            {
                Registry[DefectVariantValueName] = variant;
            }
            else
            {
                Registry.Remove(DefectVariantValueName);
            }
        }
    }

    /// <summary>
    /// The kernel secret every SimHost boot plants (32 bytes): one per run, so a leak is judged against the same bytes
    /// after a restart or a resumed run. Null: the target draws one when it is created and keeps it across restarts.
    /// </summary>
    public ReadOnlyMemory<byte>? KernelSecret { get; set; }

    /// <summary>The call SimHost makes after every case that returns, to see the device still answers; null for none.</summary>
    public LivenessProbe? Liveness { get; set; }

    /// <summary>Bytes of a kernel secret.</summary>
    public const int KernelSecretBytes = 32;

    /// <summary>
    /// Record every touch of user memory by the driver (needs a driver built with the access instrumentation,
    /// see driver-under-test/Makefile); false leaves the access rules not judged.
    /// </summary>
    public bool AccessTrace { get; set; } = true;

    /// <summary>
    /// A file the driver's DbgPrint/DbgPrintEx output is appended to (every SimHost of the target, restarts
    /// included); null: the driver's debug output is off, as on a machine without a debugger attached.
    /// </summary>
    public string? DriverDebugOutput { get; set; }

    /// <summary>Device to open.</summary>
    public string DeviceName { get; set; } = @"\Device\ConformanceSample";

    /// <summary>
    /// The host folder that is the driver's volume C: for its Zw file calls (docs/foreign-drivers.md); it outlives
    /// SimHost restarts, as a disk outlives a reboot. Null: a folder inside the target's private directory, removed
    /// with the target.
    /// </summary>
    public string? SandboxDirectory { get; set; }

    /// <summary>Time one call may take; a batch may take its call count times this.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The driver's event providers to capture over EventPipe (the device profile's event_provider).
    /// Empty: no capture; the engine then judges events with the copies carried in each case result.
    /// </summary>
    public IList<string> EventProviders { get; } = [];

    /// <summary>EventPipe session buffer. At 16 MiB half of a 1M events/s burst was lost (measured); 256 MiB lost none.</summary>
    public int EventBufferMegabytes { get; set; } = 256;

    /// <summary>Folder for the raw EventPipe streams (one .nettrace per SimHost), or null to keep none.</summary>
    public string? RawCaptureDirectory { get; set; }

    /// <summary>How long one collection waits for SimHost's heartbeat before reporting the window incomplete.</summary>
    public TimeSpan EventCollectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time from process start to a ready kernel (connected, Hello received).</summary>
    public TimeSpan HostStartTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time SimHost gets to exit after Shutdown before it is killed.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Keep each SimHost's stdout/stderr in a log file that outlives the target.</summary>
    public bool KeepHostLog { get; set; }

    /// <summary>Where kept logs go; the temp directory when null.</summary>
    public string? HostLogDirectory { get; set; }

    /// <summary>Conformance.SimHost.dll to run; found next to this assembly when null.</summary>
    public string? SimHostPath { get; set; }

    /// <summary>The dotnet host that runs SimHost; the one running this process when null.</summary>
    public string? DotnetPath { get; set; }

    /// <summary>Lines of SimHost stderr kept for HostLost and start-failure messages.</summary>
    public int StderrTailLines { get; set; } = 40;

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DriverPath))
        {
            throw new ArgumentException("SimulatorOptions.DriverPath is required.", nameof(DriverPath));
        }

        if (CallTimeout <= TimeSpan.Zero && CallTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(CallTimeout), CallTimeout, "Must be positive or infinite.");
        }

        if (KernelSecret is { Length: not KernelSecretBytes } secret)
        {
            throw new ArgumentException($"SimulatorOptions.KernelSecret must be {KernelSecretBytes} bytes, not {secret.Length}.", nameof(KernelSecret));
        }

        if (HostStartTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(HostStartTimeout), HostStartTimeout, "Must be positive.");
        }
    }
}
