using Conformance.Targets.Simulator.Outcomes;

namespace Conformance.Simulator.Tests.Client;

[TestFixture]
public sealed class BugcheckRecordParserTests
{
    private const string Line =
        "BUGCHECK code=0x50 p1=0xFFFF800000001000 p2=0x1 p3=0x7F0012345678 p4=0x0 address=0xFFFF800000001000 pc=0x7F0012345678 ioctl=0x8C012013 case=scenarios/a.yaml[in=Freed, out=RW]";

    [Test]
    public void TheDocumentedLineIsParsed()
    {
        Assert.That(BugcheckRecordParser.TryParse(Line, out var record), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.Code, Is.EqualTo(0x50u));
            Assert.That(record.Name, Is.EqualTo("PAGE_FAULT_IN_NONPAGED_AREA"));
            Assert.That(record.Parameters, Is.EqualTo(new ulong[] { 0xFFFF800000001000, 1, 0x7F0012345678, 0 }));
            Assert.That(record.FaultAddress, Is.EqualTo(0xFFFF800000001000UL));
            Assert.That(record.InstructionAddress, Is.EqualTo(0x7F0012345678UL));
            Assert.That(record.IoControlCode, Is.EqualTo(0x8C012013u));
            Assert.That(record.CaseId, Is.EqualTo("scenarios/a.yaml[in=Freed, out=RW]"));
            Assert.That(record.RawText, Is.EqualTo(Line));
        }
    }

    [TestCase("")]
    [TestCase("something else")]
    [TestCase("BUGCHECK code=0x50 p1=0x1")]
    [TestCase("BUGCHECK code=zz case=x")]
    public void OtherTextIsNotARecord(string line)
    {
        Assert.That(BugcheckRecordParser.TryParse(line, out _), Is.False);
    }

    [Test]
    public void TheLastRecordInTheFileWinsAndAMissingFileHasNone()
    {
        string path = Path.Combine(Path.GetTempPath(), $"bugcheck-test-{Guid.NewGuid():N}.log");
        try
        {
            File.WriteAllText(path, Line.Replace("code=0x50", "code=0x3B", StringComparison.Ordinal) + "\n" + Line + "\n");

            Assert.That(BugcheckRecordParser.ReadLast(path)?.Code, Is.EqualTo(0x50u));
        }
        finally
        {
            File.Delete(path);
        }

        Assert.That(BugcheckRecordParser.ReadLast(path), Is.Null);
    }
}
