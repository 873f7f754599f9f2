using System.Runtime.InteropServices;
using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Outcomes;

/// <summary>Turns what SimHost sent, or how it died, into the engine's <see cref="CallOutcome"/>.</summary>
internal static class OutcomeFactory
{
    public static CallOutcome Completed(IoctlCall call, CaseResult result, LivenessProbe? liveness, AccessTraceReader? accessTrace)
    {
        var header = result.Header;
        var flags = header.Flags;
        if (header.SetupError != 0)
        {
            // The host is alive but could not build the case (e.g. out of address space): not the driver's doing.
            int errno = -header.SetupError;
            return new CallOutcome
            {
                CaseId = call.CaseId,
                End = CallEnd.HostLost,
                Detail = $"SimHost could not set up the buffers of case '{call.CaseId}': {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}). The driver was not called.",
            };
        }

        return new CallOutcome
        {
            CaseId = call.CaseId,
            End = CallEnd.Completed,
            Status = header.Status,
            Information = header.Information,
            InformationObserved = (flags & SimResultBits.InformationObserved) != 0,
            ReachedDriver = (flags & SimResultBits.ReachedDriver) != 0,
            IrpCompleted = (flags & SimResultBits.ReachedDriver) != 0 ? (flags & SimResultBits.IrpNotCompleted) == 0 : null,
            PointerValues = result.PointerValues.Count > 0 ? result.PointerValues : null,
            InputAfter = result.InputAfter,
            OutputAfter = result.OutputAfter,
            CanaryIntact = (flags & SimResultBits.CanaryIntact) != 0,
            Events = result.Events,
            UserAccesses = accessTrace?.Read(result),
            FileOpens = FileOpensOf(result),
            EdgeCount = (flags & SimResultBits.EdgesTraced) != 0 ? (int)header.EdgeCount : null,
            EdgeSignature = (flags & SimResultBits.EdgesTraced) != 0 ? header.EdgeSignature : null,
            Elapsed = TimeSpan.FromTicks((long)(header.ElapsedNs / 100)),
            TraceEventsLost = header.TraceEventsLost,
            DeviceAlive = (flags & SimResultBits.LivenessChecked) != 0 ? (flags & SimResultBits.DeviceDead) == 0 : null,
            LivenessStatus = (flags & SimResultBits.LivenessChecked) != 0 ? header.LivenessStatus : null,
            Detail = (flags & SimResultBits.DeviceDead) != 0 && liveness is not null
                ? $"After this case the liveness call ({liveness.IoctlName}) returned {NtStatusText.Describe(header.LivenessStatus)}; SimHost stopped the batch and is restarted."
                : null,
        };
    }

    /// <summary>
    /// The crashing call: the record, the events the driver wrote during the case before the crash (they followed the
    /// record in the bugcheck file), and whether its dispatch routine ran (the shim knows; driver code on the crashing
    /// stack proves it too).
    /// </summary>
    public static CallOutcome Bugcheck(IoctlCall call, BugcheckRecord record, IReadOnlyList<TraceEventRecord> events) => new()
    {
        CaseId = call.CaseId,
        End = CallEnd.Bugcheck,
        Bugcheck = record,
        CanaryIntact = null,
        ReachedDriver = record.ReachedDriver,
        Events = [.. events.Where(e => e.CaseId == call.CaseId)],
        Detail = record.CaseId == call.CaseId ? null
            : record.CaseId == LivenessProbe.CaseId ? "The case returned, and the device's liveness call right after it crashed the machine."
            : $"The bugcheck record names case '{record.CaseId}'.",
    };

    // Only the opens matter to the judge (whose name, with which access check); reads and writes follow from them.
    private static KernelFileOpen[] FileOpensOf(CaseResult result) =>
    [
        .. result.FileAccesses
            .Where(f => f.Operation is FileOperation.Create or FileOperation.Open)
            .Select(f => new KernelFileOpen(
                f.Operation == FileOperation.Create ? "ZwCreateFile" : "ZwOpenFile",
                f.Path,
                f.Status,
                (f.Traits & FileAccessTraits.ForceAccessCheck) != 0,
                (f.Traits & FileAccessTraits.KernelHandle) != 0,
                (f.Traits & FileAccessTraits.UserContext) != 0)),
    ];

    public static CallOutcome Hang(IoctlCall call, string detail) => new()
    {
        CaseId = call.CaseId,
        End = CallEnd.Hang,
        Detail = detail,
    };

    public static CallOutcome HostLost(IoctlCall call, string detail) => new()
    {
        CaseId = call.CaseId,
        End = CallEnd.HostLost,
        Detail = detail,
    };
}
