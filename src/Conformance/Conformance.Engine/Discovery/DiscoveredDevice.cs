using Conformance.Scenarios;

namespace Conformance.Engine.Discovery;

/// <summary>What discover found about one buffer of an IOCTL; null fields were not found (or do not exist).</summary>
/// <param name="Min">Smallest accepted length (0 when <paramref name="AtLeastInput"/>).</param>
/// <param name="Max">Largest accepted length, or null when <see cref="SizeLimitSearch.Ceiling"/> was accepted.</param>
/// <param name="AtLeastInput">The output must be at least as long as the input (found at two input lengths).</param>
/// <param name="TooShort">The status a length below the minimum got.</param>
/// <param name="TooLong">The status a length above the maximum got.</param>
/// <param name="BadPointer">The status a no-access buffer of a valid length got (METHOD_NEITHER).</param>
/// <param name="How">How it was found, for the profile's comment.</param>
public sealed record DiscoveredBuffer(uint Min, uint? Max, bool AtLeastInput, int? TooShort, int? TooLong, int? BadPointer, string How)
{
    /// <summary>Whether a profile must say anything about this buffer.</summary>
    public bool Documented => Min > 0 || Max is not null || AtLeastInput || BadPointer is not null;
}

/// <summary>One control code the driver handles.</summary>
/// <param name="Name">The header's macro name, or IOCTL_TTTT_FFF (device type, function).</param>
/// <param name="Code">The control code.</param>
/// <param name="Input">The input's limits, or null when none was found.</param>
/// <param name="Output">The output's limits, or null when none was found.</param>
/// <param name="HandleCheck">An access the driver checks itself, or null.</param>
/// <param name="WorkingInput">An input length the driver accepted (with <paramref name="WorkingOutput"/>), or null when none was.</param>
/// <param name="WorkingOutput">An output length the driver accepted.</param>
/// <param name="HandledBy">How the code was told from an unhandled one.</param>
public sealed record DiscoveredIoctl(
    string Name,
    ControlCode Code,
    DiscoveredBuffer? Input,
    DiscoveredBuffer? Output,
    HandleCheck? HandleCheck,
    uint? WorkingInput,
    uint WorkingOutput,
    string HandledBy);

/// <summary>The liveness call discover chose: the first buffered IOCTL that succeeds with no input.</summary>
/// <param name="Ioctl">Its name.</param>
/// <param name="Output">Output bytes.</param>
public sealed record DiscoveredLiveness(string Ioctl, uint Output);

/// <summary>Everything one discovery found, ready to be written as a device profile.</summary>
public sealed record DiscoveredDevice
{
    /// <summary>Profile name (the file name without .yaml).</summary>
    public required string Name { get; init; }

    /// <summary>The device type probed.</summary>
    public required uint DeviceType { get; init; }

    /// <summary>How to open the device in the simulator, if discovered there.</summary>
    public SimulatorOpen? Simulator { get; init; }

    /// <summary>How to open it on Windows, when the opening profile said.</summary>
    public WindowsOpen? Windows { get; init; }

    /// <summary>The TraceLogging provider of the events the driver logged, or null.</summary>
    public string? EventProvider { get; init; }

    /// <summary>The event logged with the status of each rejected request, or null.</summary>
    public EventProof? ValidationFailed { get; init; }

    /// <summary>The event logged with the exception code of each handled fault, or null.</summary>
    public EventProof? ExceptionHandled { get; init; }

    /// <summary>The event logged with the status of every completed request, or null.</summary>
    public EventProof? RequestCompleted { get; init; }

    /// <summary>The liveness call, or null when no IOCTL fits.</summary>
    public DiscoveredLiveness? Liveness { get; init; }

    /// <summary>The handled codes, by code.</summary>
    public required IReadOnlyList<DiscoveredIoctl> Ioctls { get; init; }

    /// <summary>The function codes probed, e.g. 0x800-0xFFF.</summary>
    public required string FunctionRange { get; init; }

    /// <summary>The handled/unhandled signal used, in words.</summary>
    public required string Signal { get; init; }

    /// <summary>Probe calls made.</summary>
    public int Calls { get; init; }

    /// <summary>Probe calls that crashed or hung the target.</summary>
    public int Crashes { get; init; }

    /// <summary>Wall time of the discovery.</summary>
    public TimeSpan Elapsed { get; init; }
}
