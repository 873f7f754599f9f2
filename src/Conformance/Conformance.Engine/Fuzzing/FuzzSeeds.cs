using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Engine.Fuzzing;

/// <summary>
/// The first inputs of an empty corpus: one well-formed call per IOCTL of the profile (the documented minimum
/// lengths raised to 16 bytes where the profile allows it, 16 where it says nothing, counting bytes as contents), so the mutator starts
/// from calls that reach the handler's main path rather than its first length check.
/// </summary>
public static class FuzzSeeds
{
    /// <summary>Bytes of a buffer whose length the profile does not document.</summary>
    public const uint UndocumentedSize = 16;

    /// <summary>One call per IOCTL.</summary>
    public static IReadOnlyList<IoctlCall> For(IEnumerable<IoctlDefinition> ioctls) =>
        [.. ioctls.Select(For)];

    /// <summary>
    /// Pairs that carry an id: each IOCTL that returns at least 8 bytes, then each IOCTL that takes at least 8, its
    /// first 8 input bytes copied from the first's output (a create's handle into a use or a close), at most
    /// <paramref name="most"/>. The mutator grows them (a third call, a second close).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IoctlCall>> Sequences(IReadOnlyList<IoctlDefinition> ioctls, int most = 64)
    {
        ArgumentNullException.ThrowIfNull(ioctls);
        var seeds = ioctls.Select(For).ToList();
        var pairs = new List<IReadOnlyList<IoctlCall>>();
        foreach (var producer in seeds.Where(s => s.Output.Size >= IdBytes))
        {
            foreach (var consumer in seeds.Where(s => s.Input.Size >= IdBytes))
            {
                var copy = new BufferCopy(0, Simulator.Protocol.FuzzSequenceCodec.StepName(0), StepBuffer.Output, 0, IdBytes);
                pairs.Add([producer, consumer with { Input = consumer.Input with { Copies = [copy] } }]);
            }
        }

        return pairs.Take(most).ToList();
    }

    // A handle, a pointer-sized cookie, an id.
    private const uint IdBytes = 8;

    /// <summary>The seed of one IOCTL.</summary>
    public static IoctlCall For(IoctlDefinition ioctl)
    {
        ArgumentNullException.ThrowIfNull(ioctl);
        uint input = SizeOf(ioctl.Input);
        uint output = Math.Max(SizeOf(ioctl.Output), ioctl.Output?.AtLeastInputLength == true ? input : 0);
        return new IoctlCall("fuzz", ioctl.Code.Value, 3, Buffer(input), Buffer(output), RacerSpec.None);
    }

    // 16 bytes where the profile allows it: room for a header and a record or two.
    private static uint SizeOf(DocumentedSize? size) =>
        size is null ? UndocumentedSize : Math.Min(Math.Max(UndocumentedSize, size.Min), size.Max ?? uint.MaxValue);

    // Counting bytes (0, 1, 2, ...): distinct values make a reversed or copied buffer visible.
    private static BufferSpec Buffer(uint size) => size == 0
        ? BufferSpec.None
        : new BufferSpec(BufferMemoryState.ReadWrite, size, 0, size, Enumerable.Range(0, (int)size).Select(i => (byte)i).ToArray(), 0);
}
