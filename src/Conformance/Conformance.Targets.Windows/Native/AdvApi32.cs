using System.Runtime.InteropServices;

namespace Conformance.Targets.Windows.Native;

/// <summary>The service control manager, for kernel-driver services (learn.microsoft.com winsvc.h).</summary>
internal static partial class AdvApi32
{
    public const uint ScManagerAllAccess = 0xF003F;
    public const uint ServiceAllAccess = 0xF01FF;
    public const uint ServiceKernelDriver = 0x1;
    public const uint ServiceDemandStart = 0x3;
    public const uint ServiceErrorNormal = 0x1;
    public const uint ServiceNoChange = 0xFFFFFFFF;
    public const uint ServiceControlStop = 0x1;
    public const uint ServiceStopped = 0x1;
    public const uint ServiceRunning = 0x4;

    public const int ErrorServiceExists = 1073;
    public const int ErrorServiceDoesNotExist = 1060;
    public const int ErrorServiceAlreadyRunning = 1056;
    public const int ErrorServiceNotActive = 1062;

    [LibraryImport("advapi32.dll", EntryPoint = "OpenSCManagerW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint OpenSCManager(string? machineName, string? databaseName, uint desiredAccess);

    [LibraryImport("advapi32.dll", EntryPoint = "OpenServiceW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint OpenService(nint manager, string serviceName, uint desiredAccess);

    [LibraryImport("advapi32.dll", EntryPoint = "CreateServiceW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateService(
        nint manager, string serviceName, string displayName, uint desiredAccess, uint serviceType, uint startType,
        uint errorControl, string binaryPathName, string? loadOrderGroup, nint tagId, string? dependencies, string? serviceStartName, string? password);

    [LibraryImport("advapi32.dll", EntryPoint = "ChangeServiceConfigW", SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ChangeServiceConfig(
        nint service, uint serviceType, uint startType, uint errorControl, string binaryPathName,
        string? loadOrderGroup, nint tagId, string? dependencies, string? serviceStartName, string? password, string? displayName);

    [LibraryImport("advapi32.dll", EntryPoint = "StartServiceW", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool StartService(nint service, uint argumentCount, nint arguments);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ControlService(nint service, uint control, out ServiceStatus status);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool QueryServiceStatus(nint service, out ServiceStatus status);

    [LibraryImport("advapi32.dll", SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CloseServiceHandle(nint handle);
}

/// <summary>SERVICE_STATUS.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ServiceStatus
{
    public uint ServiceType;
    public uint CurrentState;
    public uint ControlsAccepted;
    public uint Win32ExitCode;
    public uint ServiceSpecificExitCode;
    public uint CheckPoint;
    public uint WaitHint;
}
