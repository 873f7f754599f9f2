using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>The accepted Information as written: bounds that may still refer to the case's lengths.</summary>
/// <param name="Min">Lower bound.</param>
/// <param name="Max">Upper bound (equal to <paramref name="Min"/> for an exact value).</param>
/// <param name="Node">Where it was written.</param>
internal sealed record InformationDraft(LengthExpression Min, LengthExpression Max, SourceNode Node);

/// <summary>
/// An <c>expect:</c> block as written: unset fields are null, so a <c>cases:</c> override can be laid over the
/// base block field by field.
/// </summary>
internal sealed record ExpectDraft
{
    public static readonly ExpectDraft Empty = new();

    public StatusExpectation? Status { get; init; }

    public InformationDraft? Information { get; init; }

    public bool? Alive { get; init; }

    public bool? OutputUntouchedPastInformation { get; init; }

    public bool? ReadOnlyUnchanged { get; init; }

    public bool? KernelCanaryIntact { get; init; }

    public bool? NoKernelSecret { get; init; }

    public bool? NoPoolPoison { get; init; }

    public bool? NoDoubleFetch { get; init; }

    public bool? UserAccessProbed { get; init; }

    public bool? UserAccessInTry { get; init; }

    public bool? NoUnexpectedUserAccess { get; init; }

    public bool? FileOpenChecked { get; init; }

    public bool? KernelHandles { get; init; }

    public uint? TimeLimitMs { get; init; }

    public IReadOnlyList<EventExpectation>? Events { get; init; }

    public IReadOnlyList<EventExpectation>? ForbidEvents { get; init; }

    /// <summary>expect: logs_validation_failure.</summary>
    public bool? LogsValidationFailure { get; init; }

    /// <summary>expect: logs_handled_exception.</summary>
    public bool? LogsHandledException { get; init; }

    /// <summary>This block with every field that <paramref name="over"/> sets replaced by its value.</summary>
    public ExpectDraft OverlaidWith(ExpectDraft over) => new()
    {
        Status = over.Status ?? Status,
        Information = over.Information ?? Information,
        Alive = over.Alive ?? Alive,
        OutputUntouchedPastInformation = over.OutputUntouchedPastInformation ?? OutputUntouchedPastInformation,
        ReadOnlyUnchanged = over.ReadOnlyUnchanged ?? ReadOnlyUnchanged,
        KernelCanaryIntact = over.KernelCanaryIntact ?? KernelCanaryIntact,
        NoKernelSecret = over.NoKernelSecret ?? NoKernelSecret,
        NoPoolPoison = over.NoPoolPoison ?? NoPoolPoison,
        NoDoubleFetch = over.NoDoubleFetch ?? NoDoubleFetch,
        UserAccessProbed = over.UserAccessProbed ?? UserAccessProbed,
        UserAccessInTry = over.UserAccessInTry ?? UserAccessInTry,
        NoUnexpectedUserAccess = over.NoUnexpectedUserAccess ?? NoUnexpectedUserAccess,
        FileOpenChecked = over.FileOpenChecked ?? FileOpenChecked,
        KernelHandles = over.KernelHandles ?? KernelHandles,
        TimeLimitMs = over.TimeLimitMs ?? TimeLimitMs,
        Events = over.Events ?? Events,
        ForbidEvents = over.ForbidEvents ?? ForbidEvents,
        LogsValidationFailure = over.LogsValidationFailure ?? LogsValidationFailure,
        LogsHandledException = over.LogsHandledException ?? LogsHandledException,
    };
}
