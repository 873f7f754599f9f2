using Conformance.Targets;

namespace Conformance.Running;

/// <summary>
/// Fills a call's <see cref="BufferSpec.Copies"/> from the steps that returned before it: the bytes go into the
/// buffer's content, so a target fires the call as written and needs to know nothing about sequences.
/// </summary>
internal static class StepCopies
{
    /// <summary>
    /// <paramref name="call"/> with its copies filled from <paramref name="returned"/> (outcomes by step name), and the
    /// bytes copied (the input's copies, then the output's); or the reason it cannot be filled.
    /// </summary>
    public static (IoctlCall Call, IReadOnlyList<byte[]>? Copied, string? Problem) Fill(IoctlCall call, IReadOnlyDictionary<string, CallOutcome> returned)
    {
        if (call.Input.Copies.Count + call.Output.Copies.Count == 0)
        {
            return (call, null, null);
        }

        var copied = new List<byte[]>();
        var (input, inputProblem) = Fill(call.Input, returned, copied);
        var (output, outputProblem) = Fill(call.Output, returned, copied);
        return (inputProblem ?? outputProblem) is { } problem
            ? (call, null, problem)
            : (call with { Input = input, Output = output }, copied, null);
    }

    private static (BufferSpec Buffer, string? Problem) Fill(BufferSpec buffer, IReadOnlyDictionary<string, CallOutcome> returned, List<byte[]> copied)
    {
        if (buffer.Copies.Count == 0)
        {
            return (buffer, null);
        }

        var bytes = buffer.InitialBytes();
        foreach (var copy in buffer.Copies)
        {
            // The loader checked that the step comes earlier and the ranges fit; what it cannot know is whether the target
            // read the step's buffer back (it always does for the readable states a copy may come from).
            byte[]? source = returned.TryGetValue(copy.Step, out var outcome)
                ? copy.From == StepBuffer.Input ? outcome.InputAfter : outcome.OutputAfter
                : null;
            if (source is null || copy.SourceOffset + (ulong)copy.Size > (ulong)source.Length)
            {
                return (buffer, $"the bytes of {copy.Source} were not read back after step '{copy.Step}', so the copy into offset {copy.Offset} cannot be filled");
            }

            var taken = source.AsSpan((int)copy.SourceOffset, (int)copy.Size).ToArray();
            taken.CopyTo(bytes.AsSpan((int)copy.Offset));
            copied.Add(taken);
        }

        return (buffer with { Content = bytes }, null);
    }
}
