using System.Runtime.InteropServices;
using System.Text;
using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// The booted kernel with the driver loaded and its device open. Start-up never throws for a kernel or
/// driver failure: it records how far it got, so the client receives the reason in Hello instead of a
/// bare exit code.
/// </summary>
internal sealed unsafe class KernelSession : IDisposable
{
    private SimKernelInfo _info;
    private bool _driverLoaded;
    private bool _deviceOpen;

    private KernelSession(HostArguments arguments)
    {
        Arguments = arguments;
    }

    public HostArguments Arguments { get; }

    public HostReadiness Readiness { get; private set; } = HostReadiness.BootFailed;

    public string FailureMessage { get; private set; } = string.Empty;

    public int BootResult { get; private set; }

    public int DriverLoadStatus { get; private set; }

    public int DeviceOpenStatus { get; private set; }

    /// <summary>The device objects DriverEntry left (read once it returned).</summary>
    public IReadOnlyList<string> Devices { get; private set; } = [];

    /// <summary>The symbolic links DriverEntry left.</summary>
    public IReadOnlyList<SymbolicLinkName> SymbolicLinks { get; private set; } = [];

    public bool IsReady => Readiness == HostReadiness.Ready;

    /// <summary>Open the bugcheck file, boot, load the driver, open the device; stop at the first failure.</summary>
    public static KernelSession Start(HostArguments arguments)
    {
        var session = new KernelSession(arguments);
        session.BringUp();
        return session;
    }

    public HelloMessage CreateHello()
    {
        byte[] secret = new byte[SimKernelInfo.SecretBytes];
        fixed (byte* source = _info.KernelSecret)
        {
            new ReadOnlySpan<byte>(source, SimKernelInfo.SecretBytes).CopyTo(secret);
        }

        return new HelloMessage
        {
            ProcessId = Environment.ProcessId,
            Readiness = Readiness,
            FailureMessage = FailureMessage,
            BootResult = BootResult,
            DriverLoadStatus = DriverLoadStatus,
            DeviceOpenStatus = DeviceOpenStatus,
            DriverPath = Arguments.DriverPath,
            DeviceName = Arguments.DeviceName,
            UserRegionStart = _info.UserRegionStart,
            MmUserProbeAddress = _info.MmUserProbeAddress,
            KernelCanaryAddress = _info.KernelCanaryAddress,
            KernelSecretAddress = _info.KernelSecretAddress,
            KernelSecret = secret,
            PoolPoisonByte = (byte)_info.PoolPoisonByte,
            StackPoisonByte = (byte)_info.StackPoisonByte,
            PageSize = _info.PageSize,
            Devices = Devices,
            SymbolicLinks = SymbolicLinks,
        };
    }

    /// <summary>IRP_MJ_CLOSE, then DriverUnload: the orderly end a Shutdown asks for.</summary>
    public void Dispose()
    {
        if (_deviceOpen)
        {
            _deviceOpen = false;

            // Best effort on the way out: a driver that fails IRP_MJ_CLOSE changes nothing for a process about to exit.
            _ = SimKernelNative.SimCloseDevice();
        }

        if (_driverLoaded)
        {
            _driverLoaded = false;
            SimKernelNative.SimUnloadDriver();
        }
    }

    private void BringUp()
    {
        if (!Boot() || !LoadDriver())
        {
            return;
        }

        if (!Arguments.OpenDevice)
        {
            Readiness = HostReadiness.DriverLoaded;
            return;
        }

        DeviceOpenStatus = SimKernelNative.SimOpenDevice(Arguments.DeviceName);
        if (!NtStatusText.IsSuccess(DeviceOpenStatus))
        {
            Fail(HostReadiness.DeviceOpenFailed, $"Opening device '{Arguments.DeviceName}' failed with {NtStatusText.Describe(DeviceOpenStatus)}.");
            return;
        }

        _deviceOpen = true;
        Readiness = HostReadiness.Ready;
    }

    private bool Boot()
    {
        try
        {
            SimKernelLibrary.Load();
        }
        catch (DllNotFoundException e)
        {
            Fail(HostReadiness.BootFailed, e.Message);
            return false;
        }

        // Opened before boot so the bugcheck path only needs write()+fsync() on a descriptor it already has;
        // O_APPEND so a record is never written over an earlier one. The descriptor stays open until exit.
        int fd = LibC.Open(Arguments.BugcheckFile, LibC.O_WRONLY | LibC.O_CREAT | LibC.O_APPEND | LibC.O_CLOEXEC, 0b110_000_000);
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            Fail(HostReadiness.BootFailed, $"Cannot open bugcheck file '{Arguments.BugcheckFile}': {Marshal.GetPInvokeErrorMessage(errno)}.");
            return false;
        }

        SimKernelInfo info;
        byte[]? secret = Arguments.KernelSecret;
        fixed (byte* secretBytes = secret)
        {
            BootResult = SimKernelNative.SimKernelBoot(fd, secretBytes, (uint)(secret?.Length ?? 0), &info);
        }

        if (BootResult != 0)
        {
            Fail(HostReadiness.BootFailed, $"SimKernelBoot failed: {Marshal.GetPInvokeErrorMessage(-BootResult)} (errno {-BootResult}).");
            return false;
        }

        _info = info;
        SimKernelNative.SimAccessTraceSetEnabled(Arguments.AccessTrace ? 1 : 0);
        if (Arguments.Sandbox is { } sandbox && SimKernelNative.SimSandboxSet(sandbox) != 0)
        {
            Fail(HostReadiness.BootFailed, $"The sandbox folder '{sandbox}' is too long a path.");
            return false;
        }

        return true;
    }

    private bool LoadDriver()
    {
        var registry = Arguments.Registry;
        byte[][] names = new byte[registry.Count][];
        uint[] values = new uint[registry.Count];
        for (int i = 0; i < registry.Count; i++)
        {
            names[i] = Encoding.UTF8.GetBytes(registry[i].Key + "\0");
            values[i] = registry[i].Value;
        }

        var pins = new GCHandle[names.Length];
        byte*[] namePointers = new byte*[names.Length];
        try
        {
            for (int i = 0; i < names.Length; i++)
            {
                pins[i] = GCHandle.Alloc(names[i], GCHandleType.Pinned);
                namePointers[i] = (byte*)pins[i].AddrOfPinnedObject();
            }

            fixed (byte** namesArgument = namePointers)
            fixed (uint* valuesArgument = values)
            {
                DriverLoadStatus = SimKernelNative.SimLoadDriver(Arguments.DriverPath, namesArgument, valuesArgument, (uint)names.Length);
            }
        }
        finally
        {
            foreach (var pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }
        }

        // Whatever DriverEntry returned, what it left in the namespace is evidence (a failed DriverEntry that
        // leaves its device behind leaks it).
        Devices = DriverNamespace.Devices();
        SymbolicLinks = DriverNamespace.SymbolicLinks();
        if (!NtStatusText.IsSuccess(DriverLoadStatus))
        {
            // The kernel's own words say which symbol was missing or what dlopen refused.
            string detail = Marshal.PtrToStringUTF8((nint)SimKernelNative.SimLastError()) ?? string.Empty;
            Fail(HostReadiness.DriverLoadFailed, $"Loading driver '{Arguments.DriverPath}' failed with {NtStatusText.Describe(DriverLoadStatus)}{(detail.Length > 0 ? ": " + detail : ".")}");
            return false;
        }

        _driverLoaded = true;
        return true;
    }

    private void Fail(HostReadiness readiness, string message)
    {
        Readiness = readiness;
        FailureMessage = message;
    }
}
