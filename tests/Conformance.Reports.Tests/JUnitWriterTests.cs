using System.Xml.Linq;

namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class JUnitWriterTests
{
    private XDocument document = null!;

    [OneTimeSetUp]
    public void Write() => document = XDocument.Parse(Rendered.Text(new JUnitWriter(), SampleRun.Build()));

    [Test]
    public void TotalsMatchTheRun()
    {
        var root = document.Root!;
        Assert.Multiple(() =>
        {
            Assert.That(root.Name.LocalName, Is.EqualTo("testsuites"));
            Assert.That(Attr(root, "tests"), Is.EqualTo("6"));
            Assert.That(Attr(root, "failures"), Is.EqualTo("3"));
            Assert.That(Attr(root, "errors"), Is.EqualTo("1"));
            Assert.That(Attr(root, "skipped"), Is.EqualTo("1"));
            Assert.That(Attr(root, "time"), Is.EqualTo("0.047"));
        });
    }

    [Test]
    public void OneSuitePerScenarioFileWithItsOwnCounts()
    {
        var suites = document.Root!.Elements("testsuite").ToList();
        Assert.That(suites.Select(s => Attr(s, "name")), Is.EqualTo(new[] { SampleRun.ScenarioFile, SampleRun.OtherScenarioFile }));
        var lengths = suites[0];
        Assert.Multiple(() =>
        {
            Assert.That(Attr(lengths, "tests"), Is.EqualTo("5"));
            Assert.That(Attr(lengths, "failures"), Is.EqualTo("2"));
            Assert.That(Attr(lengths, "errors"), Is.EqualTo("1"));
            Assert.That(Attr(lengths, "skipped"), Is.EqualTo("1"));
            Assert.That(lengths.Elements("testcase").Count(), Is.EqualTo(5));
            Assert.That(Attr(suites[1], "tests"), Is.EqualTo("1"));
            Assert.That(Attr(suites[1], "failures"), Is.EqualTo("1"));
        });
    }

    [Test]
    public void FailureNamesTheMostSevereCategoryAndListsEveryFinding()
    {
        var failure = TestCase(SampleRun.LeakId).Element("failure")!;
        Assert.Multiple(() =>
        {
            Assert.That(Attr(TestCase(SampleRun.LeakId), "classname"), Is.EqualTo("sample/lengths"));
            Assert.That(Attr(failure, "type"), Is.EqualTo("INFO_LEAK"));
            Assert.That(Attr(failure, "message"), Does.Contain("uninitialized pool bytes"));
            Assert.That(failure.Value, Does.Contain("WRONG_STATUS: returned STATUS_SUCCESS"));
            Assert.That(failure.Value, Does.Contain("OUT_OF_BOUNDS_WRITE: output byte 40"));
            Assert.That(Attr(TestCase(SampleRun.BugcheckId).Element("failure")!, "type"), Is.EqualTo("BUGCHECK"));
        });
    }

    [Test]
    public void ErrorAndSkippedCarryTheNote()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Attr(TestCase(SampleRun.ErrorId).Element("error")!, "message"), Does.Contain("lost"));
            Assert.That(Attr(TestCase(SampleRun.BlockedId).Element("skipped")!, "message"), Does.Contain("circuit open"));
            Assert.That(TestCase(SampleRun.PassId).HasElements, Is.False);
        });
    }

    [Test]
    public void HostileIdsSurviveAsText()
    {
        Assert.That(Attr(TestCase(SampleRun.HostileId).Element("failure")!, "message"), Is.EqualTo(SampleRun.HostileMessage));
    }

    private XElement TestCase(string id) =>
        document.Descendants("testcase").Single(c => Attr(c, "name") == id);

    private static string? Attr(XElement element, string name) => element.Attribute(name)?.Value;
}
