using System.Globalization;

namespace Conformance.Targets;

/// <summary>Which buffer of an earlier step a <see cref="BufferCopy"/> takes its bytes from.</summary>
public enum StepBuffer
{
    /// <summary>The step's input buffer, as it was after the step returned.</summary>
    Input,

    /// <summary>The step's output buffer, as it was after the step returned (what the driver wrote there).</summary>
    Output,
}

/// <summary>
/// Bytes a buffer takes, when its call is fired, from a buffer of an earlier step of the same case after that step
/// returned: how a handle or cookie one IOCTL returns reaches the next call (state carried between calls). Only the
/// engine knows them, once the step has returned, so it fills them in before it hands the call to the target; they
/// overwrite the content's bytes at <see cref="Offset"/>, and pointers never share their bytes.
/// </summary>
/// <param name="Offset">Byte offset inside this buffer.</param>
/// <param name="Step">The earlier step's name.</param>
/// <param name="From">Which of its buffers.</param>
/// <param name="SourceOffset">Byte offset inside that buffer.</param>
/// <param name="Size">Bytes copied.</param>
public sealed record BufferCopy(uint Offset, string Step, StepBuffer From, uint SourceOffset, uint Size)
{
    /// <summary>One past the last byte it fills.</summary>
    public ulong End => (ulong)Offset + Size;

    /// <summary>Where it copies from as a scenario writes it: create.output, create.output+8.</summary>
    public string Source => SourceOffset == 0
        ? $"{Step}.{BufferName(From)}"
        : string.Create(CultureInfo.InvariantCulture, $"{Step}.{BufferName(From)}+{SourceOffset}");

    /// <summary>The scenario spelling of a step buffer: input, output.</summary>
    public static string BufferName(StepBuffer buffer) => buffer == StepBuffer.Input ? "input" : "output";
}
