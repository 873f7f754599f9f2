using Conformance.Targets;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Calls to the reference driver (driver-under-test/include/conformance_sample_ioctl.h).</summary>
internal static class SampleCalls
{
    public const uint IoctlSamplePing = 0x8C012000;
    public const uint IoctlSampleNeitherTransform = 0x8C012013;
    public const uint SamplePingMagic = 0x53414D50;
    public const int StatusSuccess = 0;
    public const uint FileReadWriteData = 3;

    public static IoctlCall Ping(string caseId) =>
        new(caseId, IoctlSamplePing, FileReadWriteData, BufferSpec.None, BufferSpec.ReadWriteOf(4), RacerSpec.None);

    /// <summary>NEITHER_TRANSFORM: 16 input bytes, 16 output bytes, in the given memory states.</summary>
    public static IoctlCall NeitherTransform(string caseId, BufferMemoryState input, BufferMemoryState output) =>
        new(
            caseId,
            IoctlSampleNeitherTransform,
            FileReadWriteData,
            new BufferSpec(input, 16, 0, 16, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, 0),
            new BufferSpec(output, 16, 0, 16, ReadOnlyMemory<byte>.Empty, 0xEE),
            RacerSpec.None);
}
