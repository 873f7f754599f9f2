namespace Conformance.Simulator.Protocol;

/// <summary>How far SimHost got bringing the kernel up; anything but <see cref="Ready"/> means it will run no case.</summary>
public enum HostReadiness : byte
{
    /// <summary>Booted, driver loaded, device open.</summary>
    Ready = 0,

    /// <summary>libsimkernel.so could not be loaded or SimKernelBoot failed.</summary>
    BootFailed = 1,

    /// <summary>SimLoadDriver failed (library not loadable, DriverEntry failed).</summary>
    DriverLoadFailed = 2,

    /// <summary>SimOpenDevice failed (no such device, IRP_MJ_CREATE refused).</summary>
    DeviceOpenFailed = 3,

    /// <summary>Booted and the driver loaded; no device was opened because none was asked for (--open-device off): Hello lists what DriverEntry made, and no case can run.</summary>
    DriverLoaded = 4,
}
