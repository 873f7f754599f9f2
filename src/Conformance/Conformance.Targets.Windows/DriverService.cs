using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Conformance.Targets.Windows.Native;
using Microsoft.Win32;

namespace Conformance.Targets.Windows;

/// <summary>
/// The driver as a kernel-driver service: installed from a .sys the way an INF's AddService does it (the file
/// in %SystemRoot%\System32\drivers, ImagePath \SystemRoot\System32\drivers\&lt;file&gt;, demand start), the
/// seeded-defect selection written as REG_DWORD DefectVariant under its service key (the reference driver reads
/// it in DriverEntry: driver-under-test/DEFECTS.md), and stopped/started through the service control manager.
/// Needs an elevated process. Runs for real under Wine (docs/wine.md); NOT YET RUN ON WINDOWS.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class DriverService(string serviceName)
{
    private static readonly TimeSpan StateTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The service name.</summary>
    public string Name => serviceName;

    /// <summary>Fail with the fix when the process cannot control services.</summary>
    public static void RequireElevation()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new WindowsTargetException(
                "the Windows target installs and restarts the driver: run the suite from an elevated (administrator) prompt");
        }
    }

    /// <summary>Copy <paramref name="sysFile"/> into the drivers folder and create or update the service to load it.</summary>
    public void Install(string sysFile)
    {
        if (!File.Exists(sysFile))
        {
            throw new WindowsTargetException($"driver file '{sysFile}' not found: build it (make -C driver-under-test windows) or pass --driver <file.sys>");
        }

        string fileName = Path.GetFileName(sysFile);
        string drivers = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.System), "drivers");
        Stop(); // a loaded image cannot be replaced
        File.Copy(sysFile, Path.Combine(drivers, fileName), overwrite: true);
        // This exact form: Wine refuses a relative "system32\drivers\x.sys" (shared/reference/wine-findings.md),
        // and it is what an INF install writes on Windows.
        string imagePath = $@"\SystemRoot\System32\drivers\{fileName}";
        using var manager = OpenManager();
        nint service = AdvApi32.CreateService(manager.Handle, serviceName, serviceName, AdvApi32.ServiceAllAccess, AdvApi32.ServiceKernelDriver,
            AdvApi32.ServiceDemandStart, AdvApi32.ServiceErrorNormal, imagePath, null, 0, null, null, null);
        if (service == 0 && Marshal.GetLastPInvokeError() == AdvApi32.ErrorServiceExists)
        {
            using var existing = OpenService(manager);
            Check(AdvApi32.ChangeServiceConfig(existing.Handle, AdvApi32.ServiceKernelDriver, AdvApi32.ServiceDemandStart, AdvApi32.ServiceErrorNormal,
                imagePath, null, 0, null, null, null, null), "update the service of");
            return;
        }

        Check(service != 0, "create the service of");
        AdvApi32.CloseServiceHandle(service);
    }

    /// <summary>
    /// Write the defect variant, read by DriverEntry at the next start. Always written, 0 for the clean driver,
    /// as the INF does: Wine 8's RtlQueryRegistryValues fails on a missing value instead of applying the
    /// table's default, and the driver then refuses to load (docs/wine.md).
    /// </summary>
    public void SetDefectVariant(uint variant)
    {
        using var key = Registry.LocalMachine.OpenSubKey($@"SYSTEM\CurrentControlSet\Services\{serviceName}", writable: true)
            ?? throw new WindowsTargetException($"service '{serviceName}' is not installed: pass --driver <file.sys>, or install the driver's INF first");
        key.SetValue("DefectVariant", unchecked((int)variant), RegistryValueKind.DWord);
    }

    /// <summary>Stop the driver if it runs, then start it (DriverEntry runs again with the current settings).</summary>
    public void Restart()
    {
        Stop();
        using var manager = OpenManager();
        using var service = OpenService(manager);
        if (!AdvApi32.StartService(service.Handle, 0, 0) && Marshal.GetLastPInvokeError() is var error && error != AdvApi32.ErrorServiceAlreadyRunning)
        {
            throw new WindowsTargetException(error switch
            {
                // winerror.h: ERROR_INVALID_IMAGE_HASH, ERROR_DRIVER_BLOCKED.
                577 => $"Windows refused to load '{serviceName}': its signature is not valid (error 577). Turn test signing on (bcdedit /set testsigning on, reboot: prepare-vm.ps1 does it) or sign the driver.",
                1275 => $"Windows blocked '{serviceName}' (error 1275): the vulnerable-driver blocklist or a policy stops it from loading.",
                _ => $"the driver service '{serviceName}' did not start (Win32 error {error}): DriverEntry failed or the image cannot load " +
                    "(for a seeded variant: an unknown DefectVariant makes DriverEntry fail)",
            });
        }

        WaitFor(service, AdvApi32.ServiceRunning);
    }

    /// <summary>Stop the driver when it runs; nothing when the service does not exist or is stopped.</summary>
    public void Stop()
    {
        using var manager = OpenManager();
        nint handle = AdvApi32.OpenService(manager.Handle, serviceName, AdvApi32.ServiceAllAccess);
        if (handle == 0)
        {
            return;
        }

        using var service = new ServiceHandle(handle);
        if (!AdvApi32.ControlService(service.Handle, AdvApi32.ServiceControlStop, out _))
        {
            switch (Marshal.GetLastPInvokeError())
            {
                case AdvApi32.ErrorServiceNotActive:
                    return;
                case 1052 or 1061: // ERROR_INVALID_SERVICE_CONTROL, ERROR_SERVICE_CANNOT_ACCEPT_CTRL
                    throw new WindowsTargetException(
                        $"the driver '{serviceName}' cannot be stopped (it has no DriverUnload, or it is busy): reboot to replace it or to load another defect variant");
                case var other:
                    throw new WindowsTargetException($"cannot stop the driver service '{serviceName}' (Win32 error {other})");
            }
        }

        WaitFor(service, AdvApi32.ServiceStopped);
    }

    private void WaitFor(ServiceHandle service, uint state)
    {
        var deadline = DateTime.UtcNow + StateTimeout;
        while (true)
        {
            if (!AdvApi32.QueryServiceStatus(service.Handle, out var status))
            {
                throw new WindowsTargetException($"cannot query the driver service '{serviceName}' (Win32 error {Marshal.GetLastPInvokeError()})");
            }

            if (status.CurrentState == state)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                string why = status.CurrentState == 3 ? " (STOP_PENDING: a handle to the device is still open somewhere, or a request is stuck)" : string.Empty;
                throw new WindowsTargetException($"the driver service '{serviceName}' did not reach state {state} within {StateTimeout.TotalSeconds:F0} s (it is in {status.CurrentState}){why}");
            }

            Thread.Sleep(50);
        }
    }

    private static ServiceHandle OpenManager()
    {
        nint handle = AdvApi32.OpenSCManager(null, null, AdvApi32.ScManagerAllAccess);
        return handle != 0
            ? new ServiceHandle(handle)
            : throw new WindowsTargetException($"cannot open the service control manager (Win32 error {Marshal.GetLastPInvokeError()}): run elevated");
    }

    private ServiceHandle OpenService(ServiceHandle manager)
    {
        nint handle = AdvApi32.OpenService(manager.Handle, serviceName, AdvApi32.ServiceAllAccess);
        return handle != 0
            ? new ServiceHandle(handle)
            : throw new WindowsTargetException($"service '{serviceName}' is not installed (Win32 error {Marshal.GetLastPInvokeError()}): pass --driver <file.sys>, or install the driver's INF first");
    }

    private void Check(bool ok, string what)
    {
        if (!ok)
        {
            throw new WindowsTargetException($"cannot {what} driver '{serviceName}' (Win32 error {Marshal.GetLastPInvokeError()})");
        }
    }

    private sealed class ServiceHandle(nint handle) : IDisposable
    {
        public nint Handle => handle;

        public void Dispose() => AdvApi32.CloseServiceHandle(handle);
    }
}
