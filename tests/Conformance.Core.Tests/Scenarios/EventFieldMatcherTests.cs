using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>Event field constraints: equality across the ways a value is written, ranges, any-of.</summary>
[TestFixture]
public sealed class EventFieldMatcherTests
{
    [TestCase("STATUS_ACCESS_VIOLATION", unchecked((int)0xC0000005), true)]
    [TestCase("0xC0000005", unchecked((int)0xC0000005), true)]
    [TestCase("STATUS_SUCCESS", unchecked((int)0xC0000005), false)]
    [TestCase("16", 16, true)]
    [TestCase("0x10", 16, true)]
    [TestCase("17", 16, false)]
    public void EqualityAcceptsNamesHexAndDecimal(string written, int logged, bool matches) =>
        Assert.That(new FieldEquals(written).Matches(logged), Is.EqualTo(matches));

    [Test]
    public void EqualityComparesAStatusLoggedAsUnsignedHex() =>
        Assert.That(new FieldEquals("STATUS_ACCESS_VIOLATION").Matches(0xC0000005u), Is.True);

    [Test]
    public void EqualityComparesText() => Assert.Multiple(() =>
    {
        Assert.That(new FieldEquals("CountOutOfRange").Matches("CountOutOfRange"), Is.True);
        Assert.That(new FieldEquals("CountOutOfRange").Matches("countoutofrange"), Is.False);
    });

    [TestCase(0UL, true)]
    [TestCase(8UL, true)]
    [TestCase(9UL, false)]
    public void RangeIsInclusive(ulong logged, bool matches) =>
        Assert.That(new FieldInRange(0, 8).Matches(logged), Is.EqualTo(matches));

    [Test]
    public void ARangeWrittenInHexMatchesAStatusLoggedAsInt32()
    {
        // TraceLoggingNTStatus arrives as Int32: "any error status" must still catch 0xC0000005 logged as -1073741819.
        var errors = new FieldInRange(0xC0000000, 0xFFFFFFFF);
        Assert.Multiple(() =>
        {
            Assert.That(errors.Matches(unchecked((int)0xC0000005)), Is.True);
            Assert.That(errors.Matches(0xC0000005u), Is.True);
            Assert.That(errors.Matches(0), Is.False);
            Assert.That(new FieldInRange(0, 10).Matches(-1), Is.False);
        });
    }

    [Test]
    public void ADecimalValueMatchesEitherReadingOfA32BitField() => Assert.Multiple(() =>
    {
        Assert.That(new FieldEquals("-1073741819").Matches(0xC0000005u), Is.True);
        Assert.That(new FieldEquals("3221225477").Matches(unchecked((int)0xC0000005)), Is.True);
        Assert.That(new FieldEquals("-1").Matches(1u), Is.False);
    });

    [Test]
    public void RangeRejectsText() => Assert.That(new FieldInRange(0, 8).Matches("4"), Is.False);

    [Test]
    public void AnyOfMatchesOneOption()
    {
        var matcher = new FieldAnyOf([new FieldEquals("STATUS_SUCCESS"), new FieldEquals("STATUS_INVALID_PARAMETER")]);
        Assert.Multiple(() =>
        {
            Assert.That(matcher.Matches(unchecked((int)0xC000000D)), Is.True);
            Assert.That(matcher.Matches(unchecked((int)0xC0000005)), Is.False);
            Assert.That(matcher.Describe(), Is.EqualTo("any_of [STATUS_SUCCESS, STATUS_INVALID_PARAMETER]"));
        });
    }
}
