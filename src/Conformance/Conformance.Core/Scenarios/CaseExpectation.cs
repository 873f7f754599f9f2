namespace Conformance.Scenarios;

/// <summary>
/// Everything one case must satisfy. The safety flags default to true because a safe driver satisfies them
/// for every input; scenarios normally write only status and information.
/// </summary>
public sealed record CaseExpectation
{
    /// <summary>Time limit used when a scenario names none.</summary>
    public static readonly TimeSpan DefaultTimeLimit = TimeSpan.FromMilliseconds(5000);

    /// <summary>Accepted IoStatus.Status; null accepts any status.</summary>
    public StatusExpectation? Status { get; init; }

    /// <summary>Accepted IoStatus.Information; null accepts any value.</summary>
    public InformationRange? Information { get; init; }

    /// <summary>
    /// True (the default): the system must survive the call and the device must still answer (else BUGCHECK /
    /// HANG / DEVICE_DEAD). False: the case documents a known crasher and is expected to bring the target down.
    /// </summary>
    public bool Alive { get; init; } = true;

    /// <summary>
    /// Output bytes past Information must not change: inside the declared length WRITE_PAST_INFORMATION (conformance),
    /// past it OUT_OF_BOUNDS_WRITE (security).
    /// </summary>
    public bool OutputUntouchedPastInformation { get; init; } = true;

    /// <summary>
    /// The input buffer (whatever its protection: it is the caller's data) and a read-only output must keep
    /// their bytes, racer bytes aside (else READONLY_WRITE). Off for a driver whose input is documented as in/out.
    /// </summary>
    public bool ReadOnlyUnchanged { get; init; } = true;

    /// <summary>The kernel canary must not change (else ARBITRARY_WRITE).</summary>
    public bool KernelCanaryIntact { get; init; } = true;

    /// <summary>The kernel secret must not reach user memory (else ARBITRARY_READ).</summary>
    public bool NoKernelSecret { get; init; } = true;

    /// <summary>Pool poison must not reach user memory (else INFO_LEAK).</summary>
    public bool NoPoolPoison { get; init; } = true;

    /// <summary>The driver reads no user byte twice in one call (else DOUBLE_FETCH). Judged only on a target with the access trace.</summary>
    public bool NoDoubleFetch { get; init; } = true;

    /// <summary>Every touch of user memory is covered by a probe of this call, a write by ProbeForWrite (else UNPROBED_USER_ACCESS). Judged only on a target with the access trace.</summary>
    public bool UserAccessProbed { get; init; } = true;

    /// <summary>Every touch of user memory is inside a __try (else USER_ACCESS_OUTSIDE_TRY). Judged only on a target with the access trace.</summary>
    public bool UserAccessInTry { get; init; } = true;

    /// <summary>A METHOD_BUFFERED or direct-I/O handler touches no user address (else UNEXPECTED_USER_ACCESS). Judged only on a target with the access trace.</summary>
    public bool NoUnexpectedUserAccess { get; init; } = true;

    /// <summary>A file opened by a name from the caller is opened with OBJ_FORCE_ACCESS_CHECK (else UNCHECKED_FILE_OPEN). Judged where the target records the driver's file opens (the simulator).</summary>
    public bool FileOpenChecked { get; init; } = true;

    /// <summary>A handle the driver opens while serving a user-mode caller is a kernel handle, OBJ_KERNEL_HANDLE (else USER_VISIBLE_HANDLE). Judged where the target records the driver's file opens (the simulator).</summary>
    public bool KernelHandles { get; init; } = true;

    /// <summary>How long the call may take before it counts as a hang.</summary>
    public TimeSpan TimeLimit { get; init; } = DefaultTimeLimit;

    /// <summary>Events the driver must log during the call (judged by the event-capture work).</summary>
    public IReadOnlyList<EventExpectation> Events { get; init; } = [];

    /// <summary>Events the driver must not log during the call (judged by the event-capture work).</summary>
    public IReadOnlyList<EventExpectation> ForbidEvents { get; init; } = [];

    /// <summary>
    /// Short form: the driver logs its validation-failure event (the device profile's proofs.validation_failed)
    /// with the status the call returned.
    /// </summary>
    public bool LogsValidationFailure { get; init; }

    /// <summary>
    /// Short form: the driver logs its handled-exception event (proofs.exception_handled) with the status the
    /// call returned as the exception code, and nothing goes unhandled (no bugcheck).
    /// </summary>
    public bool LogsHandledException { get; init; }

    /// <summary>Whether any of the access rules is on for this case.</summary>
    public bool JudgesUserAccess => NoDoubleFetch || UserAccessProbed || UserAccessInTry || NoUnexpectedUserAccess;

    /// <summary>Whether this case asserts anything about events (lossy captures make such cases errors).</summary>
    public bool AssertsEvents => Events.Count > 0 || ForbidEvents.Count > 0 || LogsValidationFailure || LogsHandledException;
}
