using Conformance.Engine.Fuzzing;
using Conformance.Targets;

namespace Conformance.Engine.Tests.Fuzzing;

/// <summary>The minimizer's steps, against a predicate instead of a driver: what it keeps, what it drops.</summary>
[TestFixture]
public sealed class FuzzMinimizerTests
{
    private static readonly IoctlCall Noisy = new(
        "fuzz", 0x8C012004, 1,
        new BufferSpec(BufferMemoryState.ReadOnly, 64, 13, 60, Enumerable.Range(1, 64).Select(i => (byte)i).ToArray(), 0x41)
        {
            Pointers = [new BufferPointer(8, PointerTarget.KernelSecret), new BufferPointer(24, PointerTarget.Output)],
        },
        new BufferSpec(BufferMemoryState.ReadWrite, 256, 0, 256, ReadOnlyMemory<byte>.Empty, 0x7F),
        new RacerSpec(RacerKind.FlipBytes, RacerTarget.Input, 0, 4, 0));

    [Test]
    public async Task WhatTheFindingDoesNotNeedIsDropped()
    {
        // The "finding" needs only a pointer at the kernel secret somewhere in the input.
        var smallest = await FuzzMinimizer.MinimizeAsync(Noisy, call => Task.FromResult(call.Input.Pointers.Any(p => p.Target == PointerTarget.KernelSecret)), 500, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(smallest.Racer, Is.EqualTo(RacerSpec.None));
            Assert.That(smallest.Input.Pointers.Select(p => p.Target), Is.EqualTo(new[] { PointerTarget.KernelSecret }));
            Assert.That(smallest.Input.State, Is.EqualTo(BufferMemoryState.ReadWrite));
            Assert.That(smallest.Input.Offset, Is.Zero);
            Assert.That(smallest.Input.Size, Is.EqualTo(16), "halved until the pointer at 8 no longer fits");
            Assert.That(smallest.Input.Content.IsEmpty, Is.True);
            Assert.That(smallest.Output.Size, Is.Zero);
            Assert.That(smallest.GrantedAccess, Is.EqualTo(3u));
        });
    }

    [Test]
    public async Task TheBudgetBoundsTheReplays()
    {
        int replays = 0;
        await FuzzMinimizer.MinimizeAsync(Noisy, _ => Task.FromResult(++replays > 0), 5, CancellationToken.None);

        Assert.That(replays, Is.EqualTo(5));
    }

    [Test]
    public async Task AnInputNothingCanBeTakenFromStaysAsItIs()
    {
        var smallest = await FuzzMinimizer.MinimizeAsync(Noisy, call => Task.FromResult(call == Noisy), 500, CancellationToken.None);

        Assert.That(smallest, Is.SameAs(Noisy));
    }
}
