using Conformance.Targets.Windows;

namespace Conformance.Windows.Tests;

/// <summary>Information is reported only where the caller could see it.</summary>
public sealed class IoStatusBlockReadingTests
{
    private const int StatusBufferTooSmall = unchecked((int)0xC0000023);

    [Test]
    public void UntouchedBlockAfterASynchronousErrorInformationIsNotObservable()
    {
        var read = IoStatusBlockReading.Read(StatusBufferTooSmall, IoStatusBlockReading.SentinelStatus, IoStatusBlockReading.SentinelInformation);
        Assert.Multiple(() =>
        {
            Assert.That(read.Status, Is.EqualTo(StatusBufferTooSmall), "the status is the return value");
            Assert.That(read.InformationObserved, Is.False);
            Assert.That(read.Information, Is.Zero, "no number the caller never saw");
            Assert.That(read.Mismatch, Is.Null);
        });
    }

    [Test]
    public void WrittenBlockGivesInformation()
    {
        var read = IoStatusBlockReading.Read(0, 0, 16);
        Assert.That(read.InformationObserved, Is.True);
        Assert.That(read.Information, Is.EqualTo(16));
        Assert.That(read.Mismatch, Is.Null);
    }

    [Test]
    public void WrittenBlockThatDisagreesWithTheReturnValueIsReported()
    {
        var read = IoStatusBlockReading.Read(0, StatusBufferTooSmall, 8);
        Assert.That(read.Status, Is.Zero, "the return value wins");
        Assert.That(read.Mismatch, Does.Contain("0xC0000023"));
    }

    [Test]
    public void BlockWithOnlyOneHalfWrittenCountsAsWritten()
    {
        // A driver may complete with Information equal to the sentinel's status half by chance; both must match to mean "untouched".
        var read = IoStatusBlockReading.Read(0, 0, IoStatusBlockReading.SentinelInformation);
        Assert.That(read.InformationObserved, Is.True);
    }
}
