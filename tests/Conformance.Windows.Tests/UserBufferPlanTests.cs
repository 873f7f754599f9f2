using Conformance.Targets;
using Conformance.Targets.Windows;

namespace Conformance.Windows.Tests;

/// <summary>How each buffer state becomes pages, the same layout as the simulator's (usermem.c).</summary>
public sealed class UserBufferPlanTests
{
    private static BufferSpec Spec(BufferMemoryState state, uint size, uint offset = 0) =>
        new(state, size, offset, size, ReadOnlyMemory<byte>.Empty, 0);

    [Test]
    public void ReadWriteBufferStartsAtItsOffsetAndANoAccessPageFollowsItsPages()
    {
        var plan = UserBufferPlan.For(Spec(BufferMemoryState.ReadWrite, 16, 3));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Kind, Is.EqualTo(PointerKind.User));
            Assert.That(plan.DataPages, Is.EqualTo(1));
            Assert.That(plan.OffsetInPages, Is.EqualTo(3));
            Assert.That(plan.Protection, Is.EqualTo(PageProtection.ReadWrite));
            Assert.That(plan.ReservedBytes, Is.EqualTo(2 * 4096), "the data page and the no-access page after it");
            Assert.That(plan.CanReadBack, Is.True);
        });
    }

    [Test]
    public void OffsetThatPushesTheBufferOverAPageBoundaryTakesAnotherPage() =>
        Assert.That(UserBufferPlan.For(Spec(BufferMemoryState.ReadWrite, 4096, 1)).DataPages, Is.EqualTo(2));

    [TestCase(16u, 4080u)]
    [TestCase(4096u, 0u)]
    [TestCase(5000u, 3192u)]
    public void GuardTailLastByteIsTheLastByteOfItsPages(uint size, uint expectedOffset)
    {
        var plan = UserBufferPlan.For(Spec(BufferMemoryState.GuardTail, size, offset: 7));
        Assert.That(plan.OffsetInPages, Is.EqualTo(expectedOffset), "the offset is ignored: the tail decides");
        Assert.That(plan.OffsetInPages + size, Is.EqualTo(plan.DataPages * 4096));
    }

    [Test]
    public void DecommittedKeepsItsAddressReservedAndIsNotReadBack()
    {
        var plan = UserBufferPlan.For(Spec(BufferMemoryState.Decommitted, 16));
        Assert.Multiple(() =>
        {
            Assert.That(plan.Decommit, Is.True);
            Assert.That(plan.ReservedBytes, Is.EqualTo(2 * 4096));
            Assert.That(plan.CanReadBack, Is.False, "its contents are gone by definition");
        });
    }

    [TestCase(BufferMemoryState.ReadOnly, PageProtection.ReadOnly)]
    [TestCase(BufferMemoryState.NoAccess, PageProtection.NoAccess)]
    public void ProtectedStatesGetTheirProtectionAndStayReadable(BufferMemoryState state, PageProtection protection)
    {
        var plan = UserBufferPlan.For(Spec(state, 16));
        Assert.That(plan.Protection, Is.EqualTo(protection));
        Assert.That(plan.CanReadBack, Is.True, "read back through a temporary read-only protection, never by touching a no-access page");
    }

    [TestCase(BufferMemoryState.Null, PointerKind.Null)]
    [TestCase(BufferMemoryState.Kernel, PointerKind.Kernel)]
    [TestCase(BufferMemoryState.KernelInvalid, PointerKind.KernelInvalid)]
    public void NonUserStatesTakeNoAddressSpace(BufferMemoryState state, PointerKind kind)
    {
        var plan = UserBufferPlan.For(Spec(state, 16));
        Assert.That(plan.Kind, Is.EqualTo(kind));
        Assert.That(plan.ReservedBytes, Is.Zero);
        Assert.That(plan.CanReadBack, Is.False);
    }

    [Test]
    public void KernelAddressesAreInTheKernelHalf()
    {
        Assert.That(KernelAddresses.Mapped, Is.GreaterThanOrEqualTo(0xFFFF800000000000UL));
        Assert.That(KernelAddresses.Unmapped, Is.GreaterThanOrEqualTo(0xFFFF800000000000UL));
    }

    [Test]
    public void OffsetOutsideAPageIsRefused() =>
        Assert.That(() => UserBufferPlan.For(Spec(BufferMemoryState.ReadWrite, 16, 4096)), Throws.ArgumentException);
}
