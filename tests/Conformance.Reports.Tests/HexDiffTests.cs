namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class HexDiffTests
{
    private static readonly int[] HeadAndChangedRows = [0x00, 0x10, 0xF0, 0x100, 0x110];
    private static readonly int[] AllThreeRows = [0x00, 0x10, 0x20];

    [Test]
    public void CountsChangesOverTheWholeBufferButShowsOnlyThePrefix()
    {
        var before = new byte[4096];
        var after = new byte[4096];
        after[3] = 1;
        after[4000] = 1;
        var diff = HexDiff.Of(before, after);
        Assert.Multiple(() =>
        {
            Assert.That(diff.Shown, Is.EqualTo(512));
            Assert.That(diff.Truncated, Is.True);
            Assert.That(diff.ChangedTotal, Is.EqualTo(2));
            Assert.That(diff.FirstChange, Is.EqualTo(3));
        });
    }

    [Test]
    public void LongBuffersShowTheirHeadAndChangedRowsWithOneRowAround()
    {
        var before = new byte[512];
        var after = new byte[512];
        after[0x105] = 0xFF;
        Assert.That(HexDiff.Of(before, after).VisibleRows(), Is.EqualTo(HeadAndChangedRows));
    }

    [Test]
    public void ShortBuffersShowWhole() =>
        Assert.That(HexDiff.Of(new byte[40], new byte[40]).VisibleRows(), Is.EqualTo(AllThreeRows));

    [Test]
    public void BytesOnOneSideOnlyCountAsChanged()
    {
        var diff = HexDiff.Of(new byte[4], new byte[6]);
        Assert.Multiple(() =>
        {
            Assert.That(diff.Length, Is.EqualTo(6));
            Assert.That(diff.ChangedTotal, Is.EqualTo(2));
        });
    }

    [Test]
    public void NothingChangesWhenTheBufferWasNotReadBack() =>
        Assert.That(HexDiff.Of(new byte[8], null).ChangedTotal, Is.Zero);
}
