using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Outcomes;

/// <summary>
/// Turns a case's access records into the engine's <see cref="UserAccessTrace"/>, each touch with the driver source
/// line that made it (addr2line, cached per return address: a driver has few touch sites).
/// </summary>
internal sealed class AccessTraceReader(DriverSymbolizer symbolizer)
{
    /// <summary>The trace of a case, or null when there is none to judge: the driver was built without the instrumentation.</summary>
    public UserAccessTrace? Read(CaseResult result)
    {
        var flags = result.Header.Flags;
        if ((flags & SimResultBits.ReachedDriver) == 0)
        {
            // The I/O manager refused the call: the driver touched nothing, and that is known.
            return UserAccessTrace.Empty with { InputAddress = result.Header.InputAddress, OutputAddress = result.Header.OutputAddress };
        }

        if ((flags & SimResultBits.AccessTraced) == 0)
        {
            return null;
        }

        var accesses = new UserAccess[result.Accesses.Count];
        for (int i = 0; i < accesses.Length; i++)
        {
            var record = result.Accesses[i];
            accesses[i] = new UserAccess(
                record.Address,
                record.Size,
                (UserAccessKind)(record.Flags & UserAccessRecord.JudgedBits),
                record.DriverOffset ? symbolizer.AtReturnAddress(record.ReturnAddress) : null);
        }

        return new UserAccessTrace(accesses, result.Header.AccessDropped)
        {
            InputAddress = result.Header.InputAddress,
            OutputAddress = result.Header.OutputAddress,
        };
    }
}
