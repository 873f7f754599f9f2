using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Conformance.Targets.Windows.Native;

namespace Conformance.Targets.Windows;

/// <summary>
/// The real driver on Windows: installed and started through the service control manager, opened once per
/// access mask, each call made with NtDeviceIoControlFile on one caller thread under a watchdog, buffers built
/// with VirtualAlloc/VirtualProtect/VirtualFree, the driver's events captured over ETW and given to cases by
/// thread and time. What it cannot observe it says so (<see cref="Capabilities"/>, CallOutcome's
/// InformationObserved and EventsObserved): no kernel canary, kernel secret or pool poison exists here, so
/// ARBITRARY_WRITE/READ and INFO_LEAK are judged only in the simulator, and a case that aims a pointer at the
/// canary or the secret is not fired (blocked); status, Information (when the caller can see it), user
/// buffers, crashes, hangs and events are judged here.
/// Ran for real under Wine (tools/wine-smoke.sh, docs/wine.md); NOT YET RUN ON WINDOWS.
/// </summary>
[SupportedOSPlatform("windows")]
public sealed class WindowsTarget(WindowsTargetOptions options) : IDeviceTarget
{
    private readonly List<CallWindow> windows = [];
    private readonly DriverService? service = options.ServiceName is { } name ? new DriverService(name) : null;
    private CallerThread? caller;
    private UserRegion? region;
    private DeviceHandles? handles;
    private EtwEventCapture? capture;
    private string? lastCase;

    /// <inheritdoc/>
    public TargetCapabilities Capabilities { get; } = new("windows", KernelCanary: false, KernelSecret: null, PoolPoisonByte: null, StackPoisonByte: null, KernelAddresses.Mapped)
    {
        PointerTargets = WindowsPointers.Targets,
    };

    /// <inheritdoc/>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            Start();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // Copying the .sys, writing the service key: the user can fix these (elevation, a locked file).
            throw new WindowsTargetException(error.Message);
        }

        return Task.CompletedTask;
    }

    private void Start()
    {
        if (service is null && (options.DriverFile is not null || options.DefectVariant != 0))
        {
            throw new WindowsTargetException("installing a driver or choosing a defect variant needs the driver's service name: add open.windows.service to the device profile");
        }

        if (service is not null)
        {
            DriverService.RequireElevation();
            if (options.DriverFile is { } file)
            {
                service.Install(file);
            }

            service.SetDefectVariant(options.DefectVariant);
            service.Restart();
        }

        if (options.EventProvider is { } provider)
        {
            try
            {
                capture = new EtwEventCapture($"Conformance-{Environment.ProcessId}", provider, TimeSpan.FromSeconds(10));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                throw new WindowsTargetException(
                    $"the ETW session for '{provider}' could not start ({error.Message}); run elevated, or pass --no-capture to run without event evidence (event expectations are then reported as not judged)");
            }
        }

        region = new UserRegion(options.UserRegionBytes);
        caller = new CallerThread("caller", () => _ = WindowsProcessors.PinCurrentThread(WindowsProcessors.Caller));
        OpenDevice();
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<CallOutcome>> ExecuteAsync(IReadOnlyList<IoctlCall> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var outcomes = new List<CallOutcome>(calls.Count);
        foreach (var call in calls)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var outcome = Execute(call);
            outcomes.Add(outcome);
            if (outcome.End != CallEnd.Completed)
            {
                break;
            }
        }

        return Task.FromResult<IReadOnlyList<CallOutcome>>(outcomes);
    }

    private CallOutcome Execute(IoctlCall call)
    {
        lastCase = call.CaseId;
        bool hung = false;
        try
        {
            return Execute(call, out hung);
        }
        finally
        {
            if (!hung)
            {
                region!.ReleaseCase(); // after a hang the driver may still touch the pages: they stay
            }
        }
    }

    private CallOutcome Execute(IoctlCall call, out bool hung)
    {
        hung = false;
        var input = region!.Place(call.Input, isOutput: false);
        var output = region.Place(call.Output, isOutput: true);
        // Both addresses are known now: the pointers inside the buffers can be aimed before the pages are protected.
        var pointerValues = WindowsPointers.Write(call, input, output, region);
        UserRegion.Seal(input);
        UserRegion.Seal(output);
        nint handle = handles!.For(call.GrantedAccess);
        // The block lives in native memory: after a hang the driver may still write it, after this method is gone.
        nint ioStatus = Marshal.AllocHGlobal(Marshal.SizeOf<IoStatusBlock>());
        Marshal.StructureToPtr(new IoStatusBlock { StatusOrPointer = IoStatusBlockReading.SentinelStatus, Information = unchecked((nuint)IoStatusBlockReading.SentinelInformation) }, ioStatus, false);
        CallerResult<NativeCall> result;
        using (WindowsRacer.Start(call.Racer, input, output, WindowsProcessors.Racer))
        {
            result = caller!.Run(() => Fire(handle, ioStatus, call, input, output), options.CallTimeout);
        }

        if (!result.Completed)
        {
            hung = true;
            // Nothing of the call may be freed: the driver can still touch it. The machine needs a reset.
            return new CallOutcome
            {
                CaseId = call.CaseId,
                End = CallEnd.Hang,
                Elapsed = options.CallTimeout,
                Detail = $"NtDeviceIoControlFile did not return within {options.CallTimeout.TotalSeconds:F1} s; the caller thread is stuck in the kernel",
            };
        }

        var block = Marshal.PtrToStructure<IoStatusBlock>(ioStatus);
        Marshal.FreeHGlobal(ioStatus);
        var native = result.Value!;
        var read = IoStatusBlockReading.Read(native.Status, unchecked((int)block.StatusOrPointer), block.Information);
        var outcome = new CallOutcome
        {
            CaseId = call.CaseId,
            End = CallEnd.Completed,
            Status = read.Status,
            Information = read.Information,
            InformationObserved = read.InformationObserved,
            ReachedDriver = null, // known only from the driver's own events (ConformanceRunner fills it from them)
            PointerValues = pointerValues,
            InputAfter = UserRegion.ReadBack(input),
            OutputAfter = UserRegion.ReadBack(output),
            // The events come from the ETW capture, collected once after the batch (ConformanceRunner marks them
            // observed then): an outcome journaled before that, and replayed after a crash, has none to judge.
            EventsObserved = false,
            Elapsed = Stopwatch.GetElapsedTime(native.StartQpc, native.EndQpc),
            Detail = read.Mismatch,
        };
        windows.Add(new CallWindow(call.CaseId, native.ThreadId, native.StartQpc, native.EndQpc));
        return outcome;
    }

    private static unsafe NativeCall Fire(nint handle, nint ioStatus, IoctlCall call, UserBuffer input, UserBuffer output)
    {
        int thread = (int)Kernel32.GetCurrentThreadId();
        long start = Stopwatch.GetTimestamp();
        int status = NtDll.NtDeviceIoControlFile(handle, 0, 0, 0, (IoStatusBlock*)ioStatus, call.IoControlCode,
            input.Pointer, call.Input.DeclaredLength, output.Pointer, call.Output.DeclaredLength);
        long end = Stopwatch.GetTimestamp();
        return new NativeCall(status, thread, start, end);
    }

    /// <inheritdoc/>
    public async Task<EventWindow> CollectEventsAsync(CancellationToken cancellationToken)
    {
        if (capture is null)
        {
            return EventWindow.Unsupported;
        }

        // The fence is written on the caller thread, after the calls, on the processor whose ETW buffer holds their events.
        var (events, lost, detail) = await capture.CollectAsync(
            token => caller!.Run(() => { capture.WriteFence(token); return 0; }, TimeSpan.FromSeconds(5)), cancellationToken).ConfigureAwait(false);
        var assignment = EtwCaseAssignment.Assign(windows, events);
        windows.Clear();
        return new EventWindow(true, "etw", assignment.Events, lost, detail);
    }

    /// <inheritdoc/>
    public Task RestartAsync(CancellationToken cancellationToken)
    {
        if (caller is { IsStuck: true })
        {
            throw new MachineResetRequiredException(lastCase ?? "(unknown)",
                $"case {lastCase} hung: its call is stuck in the kernel and only a reset of the machine frees it. The hang is journaled; reset the machine (run-suite.ps1 -Mode HyperV takes a crash dump with an NMI first) and resume the run.");
        }

        handles?.Dispose();
        service?.Restart();
        OpenDevice();
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public async Task<BugcheckRecord?> FindBugcheckAsync(string caseId, uint ioControlCode, DateTimeOffset notBefore, CancellationToken cancellationToken)
    {
        var events = await SystemLog.ReadCrashEventsAsync(cancellationToken).ConfigureAwait(false);
        return BugcheckEvidence.Find(events, notBefore, caseId, ioControlCode);
    }

    private void OpenDevice()
    {
        handles = new DeviceHandles(options.DevicePath);
        handles.For(0); // fails here, with the fix, when the device is not there
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        capture?.Dispose();
        if (caller is { IsStuck: true })
        {
            // The stuck call holds its synchronous file object's lock: closing the handle would wait for it for ever
            // (the close takes that lock before IRP_MJ_CLEANUP), and exit code 3 would never be seen. The handles,
            // the caller thread and the pages are left to the machine reset.
            return ValueTask.CompletedTask;
        }

        handles?.Dispose();
        caller?.Dispose();
        region?.Dispose();
        return ValueTask.CompletedTask;
    }

    private sealed record NativeCall(int Status, int ThreadId, long StartQpc, long EndQpc);
}
