namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class ReportSetTests
{
    private static readonly string[] FileNames = ["results.json", "junit.xml", "results.sarif", "report.html"];

    private string root = "";

    [SetUp]
    public void CreateRoot() => root = Directory.CreateTempSubdirectory("reports-").FullName;

    [TearDown]
    public void DeleteRoot() => Directory.Delete(root, recursive: true);

    [Test]
    public void WritesEveryFormatIntoTheRunFolder()
    {
        var paths = ReportSet.All().Write(SampleRun.Build(), root);
        var folder = Path.Combine(root, SampleRun.RunId);
        Assert.Multiple(() =>
        {
            Assert.That(paths.Select(Path.GetFileName), Is.EqualTo(FileNames));
            Assert.That(paths.Select(Path.GetDirectoryName), Is.All.EqualTo(folder));
            Assert.That(paths.Select(p => new FileInfo(p).Length), Is.All.GreaterThan(0));
            Assert.That(Directory.GetFiles(folder), Has.Length.EqualTo(4), "no partial files left behind");
        });
    }

    [Test]
    public void RewritingARunReplacesItsReports()
    {
        var set = ReportSet.All();
        set.Write(SampleRun.Build(), root);
        var paths = set.Write(SampleRun.Build(), root);
        Assert.That(Directory.GetFiles(Path.Combine(root, SampleRun.RunId)), Is.EquivalentTo(paths));
    }

    [Test]
    public void AFailingWriterLeavesNoPartialFile()
    {
        var set = new ReportSet([new ResultsJsonWriter(), new FailingWriter()]);
        Assert.That(() => set.Write(SampleRun.Build(), root), Throws.InvalidOperationException);
        Assert.That(Directory.GetFiles(Path.Combine(root, SampleRun.RunId)).Select(Path.GetFileName), Is.EqualTo(FileNames.Take(1)));
    }

    [TestCase("../escape")]
    [TestCase("a/b")]
    [TestCase("..")]
    public void RunIdsThatAreNotFolderNamesAreRefused(string runId) =>
        Assert.That(() => ReportSet.RunFolder(root, runId), Throws.ArgumentException);

    /// <summary>A format whose writer fails half-way, as a full disk would make any of them.</summary>
    private sealed class FailingWriter : IReportWriter
    {
        public string FileName => "broken.txt";

        public void Write(Running.RunResult run, Stream destination)
        {
            destination.WriteByte(1);
            throw new InvalidOperationException("disk full");
        }
    }
}
