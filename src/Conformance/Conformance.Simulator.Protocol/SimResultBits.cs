namespace Conformance.Simulator.Protocol;

/// <summary>SIM_RESULT_* flags of simkernel.h, forwarded unchanged in <see cref="CaseResultHeader.Flags"/>.</summary>
[Flags]
public enum SimResultBits : uint
{
    /// <summary>No flag.</summary>
    None = 0,

    /// <summary>Kernel canary page unchanged after the call.</summary>
    CanaryIntact = 0x1,

    /// <summary>The input bytes after the call were read back.</summary>
    InputReadBack = 0x2,

    /// <summary>The output bytes after the call were read back.</summary>
    OutputReadBack = 0x4,

    /// <summary>An IRP was built and dispatched to the driver.</summary>
    ReachedDriver = 0x8,

    /// <summary>The caller's IO_STATUS_BLOCK was written (a completed IRP, status not an error): Information is observable.</summary>
    InformationObserved = 0x10,

    /// <summary>The driver returned without IoCompleteRequest (and not STATUS_PENDING): nothing was copied back.</summary>
    IrpNotCompleted = 0x20,

    /// <summary>
    /// The dispatch ran with the access trace on and the driver's instrumentation called in: the access records are
    /// the whole truth. Clear: tracing was off or the driver was built without the instrumentation.
    /// </summary>
    AccessTraced = 0x40,

    /// <summary>
    /// The driver's edge-coverage instrumentation called in during the dispatch: <see cref="CaseResultHeader.EdgeCount"/>
    /// and <see cref="CaseResultHeader.EdgeSignature"/> hold its path. Clear: a driver built without it.
    /// </summary>
    EdgesTraced = 0x80,

    /// <summary>Set by SimHost, not the kernel: the liveness call ran after the case (its status is in the header).</summary>
    LivenessChecked = 0x100,

    /// <summary>Set by SimHost: the liveness call returned another status than a live device does; the batch stops here.</summary>
    DeviceDead = 0x200,
}
