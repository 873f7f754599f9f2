using System.Buffers.Binary;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.EndToEnd;

/// <summary>
/// The kernel aims the pointers a case places in its buffers once it has placed them, and says what it wrote: the
/// real SimHost and libsimkernel.so, with IOCTL_SAMPLE_PING as a call that leaves its input alone.
/// </summary>
[TestFixture]
public sealed class PointerTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task EveryTargetIsResolvedWrittenIntoTheBufferAndReported(CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        var targets = Enum.GetValues<PointerTarget>();
        var pointers = targets.Select((t, i) => new BufferPointer((uint)i * 8, t, t == PointerTarget.Null ? 0x10 : 0)).ToArray();
        var input = new BufferSpec(BufferMemoryState.ReadWrite, (uint)pointers.Length * 8, 0, (uint)pointers.Length * 8, ReadOnlyMemory<byte>.Empty, 0x5A) { Pointers = pointers };
        var call = SampleCalls.Ping("pointers/all") with { Input = input, Output = BufferSpec.ReadWriteOf(8) };

        var outcome = (await target.ExecuteAsync([call], cancellationToken)).Single();

        var values = outcome.PointerValues!;
        var trace = outcome.UserAccesses!;
        ulong Value(PointerTarget t) => values[Array.IndexOf(targets, t)];
        using (Assert.EnterMultipleScope())
        {
            Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), outcome.Detail);
            Assert.That(values, Has.Count.EqualTo(pointers.Length));
            Assert.That(Value(PointerTarget.Null), Is.EqualTo(0x10UL), "null + 0x10");
            Assert.That(Value(PointerTarget.Input), Is.EqualTo(trace.InputAddress));
            Assert.That(Value(PointerTarget.Output), Is.EqualTo(trace.OutputAddress));
            Assert.That(Value(PointerTarget.KernelCanary), Is.EqualTo(target.Capabilities.KernelAddress));
            Assert.That(new[] { Value(PointerTarget.KernelSecret), Value(PointerTarget.KernelUnmapped) },
                Is.All.GreaterThan(target.Capabilities.KernelAddress), "kernel pages beside the canary");
            Assert.That(Value(PointerTarget.NoAccessUser) % BufferSpec.PageSize, Is.Zero);
            Assert.That(Value(PointerTarget.NoAccessUser), Is.LessThan(Value(PointerTarget.KernelCanary)), "a user address");
            for (int i = 0; i < pointers.Length; i++)
            {
                Assert.That(BinaryPrimitives.ReadUInt64LittleEndian(outcome.InputAfter.AsSpan(i * 8)), Is.EqualTo(values[i]), pointers[i].Aim);
            }
        }
    }

    [TestCase(BufferMemoryState.ReadOnly)]
    [TestCase(BufferMemoryState.GuardTail)]
    [TestCase(BufferMemoryState.ReadWrite)]
    [CancelAfter(30_000)]
    public async Task APointerIsWrittenBeforeItsBufferGetsItsProtection(BufferMemoryState state, CancellationToken cancellationToken)
    {
        await using var target = await TestSimulator.StartAsync(TestSimulator.Options(), cancellationToken);
        var input = new BufferSpec(state, 12, 0, 12, new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 0)
        {
            Pointers = [new BufferPointer(4, PointerTarget.Output, 2, 4)],
        };
        var call = SampleCalls.Ping("pointers/" + state) with { Input = input };

        var outcome = (await target.ExecuteAsync([call], cancellationToken)).Single();

        var value = outcome.PointerValues!.Single();
        byte[] expected = [1, 2, 3, 4, 0, 0, 0, 0, 9, 10, 11, 12];
        BinaryPrimitives.WriteUInt32LittleEndian(expected.AsSpan(4), (uint)value);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(value, Is.EqualTo((outcome.UserAccesses!.OutputAddress + 2) & uint.MaxValue), "the low 32 bits of output+2");
            Assert.That(outcome.InputAfter, Is.EqualTo(expected));
        }
    }
}
