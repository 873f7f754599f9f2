namespace Conformance.Targets;

/// <summary>One DeviceIoControl call as a target must make it: the unit a case fires.</summary>
/// <param name="CaseId">Stable case id (scenario file + axis values); goes into bugcheck records.</param>
/// <param name="IoControlCode">The full control code.</param>
/// <param name="GrantedAccess">Access granted to the handle: FILE_READ_DATA (1) | FILE_WRITE_DATA (2).</param>
/// <param name="Input">The input buffer.</param>
/// <param name="Output">The output buffer.</param>
/// <param name="Racer">Concurrent mutation during the call.</param>
public sealed record IoctlCall(
    string CaseId,
    uint IoControlCode,
    uint GrantedAccess,
    BufferSpec Input,
    BufferSpec Output,
    RacerSpec Racer);

/// <summary>The pointers of a call and the bytes its buffers held when it was made.</summary>
public static class CallPointers
{
    /// <summary>How many pointers the call carries: the input's, then the output's, the order of <see cref="CallOutcome.PointerValues"/>.</summary>
    public static int Count(IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return call.Input.Pointers.Count + call.Output.Pointers.Count;
    }

    /// <summary>
    /// The input and output bytes when the call was made, with the pointer values and the bytes copied from earlier
    /// steps that <paramref name="outcome"/> reports.
    /// </summary>
    public static (byte[] Input, byte[] Output) BytesBefore(IoctlCall call, CallOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(call);
        IReadOnlyList<byte[]>? inputCopies = null;
        IReadOnlyList<byte[]>? outputCopies = null;
        if (outcome?.CopiedBytes is { } copied && copied.Count == call.Input.Copies.Count + call.Output.Copies.Count)
        {
            inputCopies = [.. copied.Take(call.Input.Copies.Count)];
            outputCopies = [.. copied.Skip(call.Input.Copies.Count)];
        }

        if (outcome?.PointerValues is not { } list || list.Count != Count(call) || list.Count == 0)
        {
            return (call.Input.InitialBytes(default, inputCopies), call.Output.InitialBytes(default, outputCopies));
        }

        ulong[] values = [.. list];
        int inputs = call.Input.Pointers.Count;
        return (call.Input.InitialBytes(values.AsSpan(0, inputs), inputCopies), call.Output.InitialBytes(values.AsSpan(inputs), outputCopies));
    }
}
