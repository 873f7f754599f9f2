namespace Conformance.Targets;

/// <summary>How a call ended from the target's point of view.</summary>
public enum CallEnd
{
    /// <summary>The call returned a status.</summary>
    Completed,

    /// <summary>The machine crashed during the call; see <see cref="CallOutcome.Bugcheck"/>.</summary>
    Bugcheck,

    /// <summary>The call did not return within the time limit.</summary>
    Hang,

    /// <summary>The target died without a bugcheck record (a fault of the host, not the driver).</summary>
    HostLost,

    /// <summary>
    /// The machine went down during the call and took the runner with it: known only afterwards, from the
    /// journal of a resumed run (the call was fired and never came back). Counts as a crash of the IOCTL.
    /// </summary>
    MachineLost,
}

/// <summary>Everything a target observed for one call. Judging is the engine's job, not the target's.</summary>
public sealed record CallOutcome
{
    /// <summary>The case this outcome belongs to.</summary>
    public required string CaseId { get; init; }

    /// <summary>How the call ended.</summary>
    public required CallEnd End { get; init; }

    /// <summary>IoStatus.Status.</summary>
    public int Status { get; init; }

    /// <summary>IoStatus.Information; meaningful only when <see cref="InformationObserved"/>.</summary>
    public ulong Information { get; init; }

    /// <summary>
    /// False when the caller could not see Information: on Windows a synchronous NT_ERROR completion leaves
    /// the caller's IO_STATUS_BLOCK unwritten (shared/reference/io-manager-audit.md, I14), so the Windows
    /// target reports it as not observable and the judge does not judge it.
    /// </summary>
    public bool InformationObserved { get; init; } = true;

    /// <summary>
    /// Whether an IRP reached the driver (false when the I/O manager refused the call); null when the target
    /// cannot tell (on Windows it is known only from the driver's own request event).
    /// </summary>
    public bool? ReachedDriver { get; init; }

    /// <summary>
    /// Whether the driver completed the IRP it was given (IoCompleteRequest) before returning a status other than
    /// STATUS_PENDING; false: it did not, so on Windows the request is never finished (no copy-back, no
    /// IO_STATUS_BLOCK, the IRP and its system buffer leak; io-manager-audit.md, I15). Null when the target cannot
    /// tell, or no IRP reached the driver.
    /// </summary>
    public bool? IrpCompleted { get; init; }

    /// <summary>
    /// False when the target observed no events for this call at all (no capture and no copy of its own, e.g.
    /// the Windows target with ETW off or unavailable): event expectations are then not judged, never passed.
    /// </summary>
    public bool EventsObserved { get; init; } = true;

    /// <summary>Input buffer bytes after the call, or null when they could not be read back.</summary>
    public byte[]? InputAfter { get; init; }

    /// <summary>Output buffer bytes after the call, or null when they could not be read back.</summary>
    public byte[]? OutputAfter { get; init; }

    /// <summary>
    /// The value the target wrote for each pointer of the call (<see cref="BufferSpec.Pointers"/>: the input's,
    /// then the output's), once it had placed the buffers; null when it wrote none (no pointers, or the call was
    /// not made). The judge lays them over the initial bytes, so a pointer slot is not taken for a changed byte.
    /// </summary>
    public IReadOnlyList<ulong>? PointerValues { get; init; }

    /// <summary>
    /// The bytes the engine copied into the call from earlier steps (<see cref="BufferSpec.Copies"/>: the input's, then
    /// the output's), filled in before the call; null when it copied none. Set by the engine, not by targets.
    /// </summary>
    public IReadOnlyList<byte[]>? CopiedBytes { get; init; }

    /// <summary>
    /// For a case with <c>steps:</c>, the outcomes of the steps fired before this one, in order (each with its step's call
    /// id, <see cref="Scenarios.CaseStep.CallId"/>); empty for a case of one call. Set by the engine, not by targets.
    /// </summary>
    public IReadOnlyList<CallOutcome> Steps { get; init; } = [];

    /// <summary>
    /// The step the sequence stopped in, when it never reached the case's own call (the step crashed, hung, killed the
    /// device or did not return the status it needs): this outcome is then that step's, under the case's id. Null when
    /// the case's own call was fired. Set by the engine.
    /// </summary>
    public string? StoppedInStep { get; init; }

    /// <summary>Kernel canary unchanged; null when the target cannot plant one.</summary>
    public bool? CanaryIntact { get; init; }

    /// <summary>
    /// Every touch of user memory by the driver's own code during the call, in order; null when the target cannot
    /// see them (the Windows target, or the simulator with the access trace off): the access rules are then not judged.
    /// </summary>
    public UserAccessTrace? UserAccesses { get; init; }

    /// <summary>
    /// Distinct edges of the driver's own code the call's dispatch took (the simulator with a driver built with
    /// edge coverage, docs/fuzz.md); null when the target cannot see them or the driver is not instrumented.
    /// </summary>
    public int? EdgeCount { get; init; }

    /// <summary>
    /// A 64-bit hash of the set of driver edges the dispatch took: two calls down the same path have the same
    /// signature, whatever their data (fuzz and discover tell paths apart by it); null as for <see cref="EdgeCount"/>.
    /// </summary>
    public ulong? EdgeSignature { get; init; }

    /// <summary>Files the driver opened during the call (the simulator records them; empty elsewhere).</summary>
    public IReadOnlyList<KernelFileOpen> FileOpens { get; init; } = [];

    /// <summary>Events the driver logged during the call.</summary>
    public IReadOnlyList<TraceEventRecord> Events { get; init; } = [];

    /// <summary>The crash record when <see cref="End"/> is <see cref="CallEnd.Bugcheck"/>.</summary>
    public BugcheckRecord? Bugcheck { get; init; }

    /// <summary>Human-readable detail for Hang and HostLost.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// Whether the device answered its liveness call (<see cref="LivenessProbe"/>) right after this case; null when
    /// none was made (no liveness call in the profile, a target that does not make one, or the call did not return).
    /// </summary>
    public bool? DeviceAlive { get; init; }

    /// <summary>The status the liveness call returned, when one was made.</summary>
    public int? LivenessStatus { get; init; }

    /// <summary>Wall time of the call inside the target.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>
    /// Trace events the target's own copy (<see cref="Events"/>) had dropped when this call returned, counted
    /// since the target started; 0 when it dropped none or keeps no copy. Judging on that copy alone (a
    /// resumed run) must not pass an event assertion when it is not 0.
    /// </summary>
    public ulong TraceEventsLost { get; init; }
}
