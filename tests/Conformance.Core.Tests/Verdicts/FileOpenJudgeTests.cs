using System.Text;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

/// <summary>Which opened names count as the caller's: the last path component found in the input, in either encoding.</summary>
public sealed class FileOpenJudgeTests
{
    [Test]
    public void ANameCarriedAsUtf16IsTheCallers()
    {
        byte[] input = [1, 2, 3, 4, .. Encoding.Unicode.GetBytes(@"\??\C:\secret.txt")];

        Assert.That(FileOpenJudge.CallerOffset(@"\??\C:\secret.txt", input), Is.EqualTo(4 + (7 * 2)));
    }

    [Test]
    public void ANameCarriedAsEightBitTextIsTheCallers()
    {
        byte[] input = [0, .. Encoding.UTF8.GetBytes("secret.txt")];

        Assert.That(FileOpenJudge.CallerOffset(@"\SystemRoot\secret.txt", input), Is.EqualTo(1));
    }

    [Test]
    public void ADriversOwnNameIsNot()
    {
        byte[] input = Encoding.Unicode.GetBytes("something else entirely");

        Assert.Multiple(() =>
        {
            Assert.That(FileOpenJudge.CallerOffset(@"\SystemRoot\Temp\LegacyWdm.log", input), Is.Null);
            Assert.That(FileOpenJudge.CallerOffset(@"\??\C:\dir\", input), Is.Null, "no last component");
        });
    }
}
