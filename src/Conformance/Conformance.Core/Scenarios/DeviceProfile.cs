namespace Conformance.Scenarios;

/// <summary>How the simulator target loads the driver and opens its device.</summary>
/// <param name="DriverLibrary">Driver shared library, relative to the repository root, or absolute.</param>
/// <param name="DeviceName">NT device name the driver creates, e.g. \Device\ConformanceSample.</param>
public sealed record SimulatorOpen(string DriverLibrary, string DeviceName);

/// <summary>How the Windows target installs the driver and opens its device.</summary>
/// <param name="DevicePath">Win32 path, e.g. \\.\ConformanceSample.</param>
/// <param name="Service">Service name of the driver (HKLM\SYSTEM\CurrentControlSet\Services\&lt;name&gt;), or null when the
/// device's driver is installed and started by other means and the suite must not touch it.</param>
/// <param name="Driver">The driver's .sys, relative to the repository root, installed when the run is given no other; or null.</param>
/// <param name="Inf">The driver's INF, relative to the repository root, for installs by pnputil (docs/windows.md); or null.</param>
public sealed record WindowsOpen(string DevicePath, string? Service = null, string? Driver = null, string? Inf = null);

/// <summary>A device under test: how to open it on each target and the IOCTLs it implements.</summary>
/// <param name="Name">Profile name; scenarios refer to it with <c>device:</c>.</param>
/// <param name="Description">Free text.</param>
/// <param name="DeviceType">Default CTL_CODE device type for the profile's IOCTLs, if given.</param>
/// <param name="Simulator">Simulator opening, or null when the device has no simulator build.</param>
/// <param name="Windows">Windows opening, or null when the device is simulator-only.</param>
/// <param name="Ioctls">The IOCTL table, in file order.</param>
/// <param name="File">The profile file as shown to the user.</param>
public sealed record DeviceProfile(
    string Name,
    string? Description,
    uint? DeviceType,
    SimulatorOpen? Simulator,
    WindowsOpen? Windows,
    IReadOnlyList<IoctlDefinition> Ioctls,
    string File)
{
    /// <summary>
    /// Name of the driver's TraceLogging provider (its ETW GUID is the name hash), or null when the
    /// driver logs nothing. Captures enable it by this name: EventPipe in the simulator, ETW on Windows.
    /// </summary>
    public string? EventProvider { get; init; }

    /// <summary>The event this driver logs when it rejects a request (for expect: logs_validation_failure).</summary>
    public EventProof? ValidationFailedProof { get; init; }

    /// <summary>The event this driver logs when its __except handles a fault (for expect: logs_handled_exception).</summary>
    public EventProof? ExceptionHandledProof { get; init; }

    /// <summary>The event this driver logs when it completes a request, with the status it completed it with; null when the profile does not say.</summary>
    public EventProof? RequestCompletedProof { get; init; }

    /// <summary>The call that shows the device still answers, made after every case that returned; null for none.</summary>
    public LivenessCall? Liveness { get; init; }

    /// <summary>IOCTLs related by a handle (profile <c>sequences:</c>), in file order; empty when the profile names none.</summary>
    public IReadOnlyList<ObjectSequence> Sequences { get; init; } = [];

    /// <summary>The IOCTL with this symbolic name, or null.</summary>
    public IoctlDefinition? FindIoctl(string name) => Ioctls.FirstOrDefault(i => i.Name == name);

    /// <summary>The IOCTL with this control code, or null.</summary>
    public IoctlDefinition? FindIoctl(ControlCode code) => Ioctls.FirstOrDefault(i => i.Code == code);
}

/// <summary>A driver event that proves a behaviour, and its field that carries the status.</summary>
/// <param name="Event">Event name, e.g. ValidationFailed.</param>
/// <param name="Field">Field holding the NTSTATUS the driver returned (or the exception code), e.g. Status.</param>
public sealed record EventProof(string Event, string Field);

/// <summary>
/// The profile's <c>liveness:</c> call: an IOCTL of the profile with read-write buffers of the given sizes, which a live
/// device answers with <paramref name="Status"/>. A case after which it answers otherwise is DEVICE_DEAD.
/// </summary>
/// <param name="Ioctl">The IOCTL (one of the profile's).</param>
/// <param name="InputSize">Input buffer bytes (0: none).</param>
/// <param name="OutputSize">Output buffer bytes (0: none).</param>
/// <param name="Status">The status a live device returns.</param>
public sealed record LivenessCall(IoctlDefinition Ioctl, uint InputSize, uint OutputSize, int Status);
