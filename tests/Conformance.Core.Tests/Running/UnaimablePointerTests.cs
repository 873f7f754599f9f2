using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Tests.Running;

/// <summary>A case whose pointer the target cannot aim is not fired, and the reason says which target it lacks.</summary>
public sealed class UnaimablePointerTests
{
    private static readonly TargetCapabilities Simulator = new("simulator", true, new byte[32], 0xD3, 0xC7, 0x2000_0000_0000);

    // As the Windows target declares itself (WindowsPointers.Targets): no canary or secret page of the suite's own.
    private static readonly TargetCapabilities Windows = new("windows", false, null, null, null, 0xFFFFF78000000000)
    {
        PointerTargets = new HashSet<PointerTarget> { PointerTarget.Null, PointerTarget.Input, PointerTarget.Output, PointerTarget.NoAccessUser, PointerTarget.KernelUnmapped },
    };

    [Test]
    public void APointerAtTheCanaryIsNotFiredWhereThereIsNone()
    {
        var call = Call([new BufferPointer(0, PointerTarget.Output), new BufferPointer(8, PointerTarget.KernelCanary)], [new BufferPointer(0, PointerTarget.KernelSecret)]);

        Assert.Multiple(() =>
        {
            Assert.That(ConformanceRunner.UnaimablePointers(call, Simulator), Is.Null);
            Assert.That(ConformanceRunner.UnaimablePointers(call, Windows), Is.EqualTo(
                "the windows target cannot aim a pointer at kernel_canary or kernel_secret: the case is not fired, so nothing about it is judged"));
        });
    }

    [Test]
    public void PointersTheTargetHasAreFired() =>
        Assert.That(ConformanceRunner.UnaimablePointers(Call([new BufferPointer(0, PointerTarget.NoAccessUser), new BufferPointer(8, PointerTarget.KernelUnmapped)], []), Windows), Is.Null);

    private static IoctlCall Call(BufferPointer[] input, BufferPointer[] output) =>
        new("c", 0x8C032043, 3, BufferSpec.ReadWriteOf(16) with { Pointers = input }, BufferSpec.ReadWriteOf(16) with { Pointers = output }, RacerSpec.None);
}
