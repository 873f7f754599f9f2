namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class XmlTextTests
{
    [Test]
    public void ControlCharactersAreSpelledOut() =>
        Assert.That(XmlText.Clean("a\u0000b\u0007c\td"), Is.EqualTo("a\\x00b\\x07c\td"));

    [Test]
    public void SurrogatePairsAreKeptAndLoneOnesSpelledOut() =>
        Assert.That(XmlText.Clean("\U0001F600\uD800x"), Is.EqualTo("\U0001F600\\xD800x"));

    [Test]
    public void LegalTextIsReturnedAsIs()
    {
        const string text = "[a=b,c]#2 <&>";
        Assert.That(XmlText.Clean(text), Is.SameAs(text));
    }
}
