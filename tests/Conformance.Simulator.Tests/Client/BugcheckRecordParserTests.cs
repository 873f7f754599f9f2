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

    [TestCase("pool", "uninitialized pool pointer dereferenced")]
    [TestCase("stack", "uninitialized stack pointer dereferenced")]
    public void ThePoisonOfTheAddressIsReadAndNamedInTheFinding(string poison, string finding)
    {
        string line = "BUGCHECK code=0x50 p1=0xD3D3D3D3D3D3D3E3 p2=0x0 p3=0x7F00 p4=0x0 address=0xD3D3D3D3D3D3D3E3 pc=0x7F00 ioctl=0x1 " +
            $"module=libdriver.so offset=0x10 driver=libdriver.so+0x10 via=pc reached=0x1 poison={poison} case=a";
        Assert.That(BugcheckRecordParser.TryParse(line, out var record), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.Poison, Is.EqualTo(poison));
            Assert.That(record.FaultAddress, Is.EqualTo(0xD3D3D3D3D3D3D3E3UL));
            Assert.That(Conformance.Verdicts.CaseJudge.DescribeBugcheck(record), Does.EndWith(finding));
        }
    }

    [Test]
    public void AnOverwrittenReturnAddressIsReadAndNamedInTheFinding()
    {
        string line = "BUGCHECK code=0x3B p1=0xC0000005 p2=0x7F00 p3=0x0 p4=0x0 address=0x4141414141414141 pc=0x7F00 ioctl=0x1 " +
            "module=libdriver.so offset=0x10 driver=libdriver.so+0x10 via=pc reached=0x1 return=overwritten case=a";
        Assert.That(BugcheckRecordParser.TryParse(line, out var record), Is.True);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(record.ReturnAddressOverwritten, Is.True);
            Assert.That(BugcheckRecordParser.TryParse(Line, out var plain) && !plain.ReturnAddressOverwritten, Is.True);
            Assert.That(Conformance.Verdicts.CaseJudge.DescribeBugcheck(record), Does.EndWith("a driver frame's return address was overwritten"));
        }
    }

    [TestCase(0x139u, "KERNEL_SECURITY_CHECK_FAILURE")]
    [TestCase(0xF7u, "DRIVER_OVERRAN_STACK_BUFFER")]
    [TestCase(0xFCu, "ATTEMPTED_EXECUTE_OF_NOEXECUTE_MEMORY")]
    [TestCase(0xC2u, "BAD_POOL_CALLER")]
    public void TheStricterKernelsCodesHaveTheirNames(uint code, string name)
    {
        Assert.That(BugcheckRecordParser.TryParse(Line.Replace("code=0x50", $"code=0x{code:X}", StringComparison.Ordinal), out var record), Is.True);
        Assert.That(record.Name, Is.EqualTo(name));
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

    [Test]
    public void TheLocationTheDispatchAndTheCasesEventsAfterTheRecordAreRead()
    {
        const string Located =
            "BUGCHECK code=0x3B p1=0xC0000005 p2=0x7F00 p3=0x0 p4=0x0 address=0x0 pc=0x7F00 ioctl=0x8C012013 module=libc.so.6 offset=0x1A2B3C driver=libdriver.so+0x3027 via=return reached=0x1 case=a b";
        string path = Path.Combine(Path.GetTempPath(), $"bugcheck-test-{Guid.NewGuid():N}.log");
        try
        {
            // A torn last line (the process died mid-write) is dropped; the complete event stands.
            string traced = Convert.ToHexString(TraceRecord("a b", "RequestReceived"));
            File.WriteAllText(path, Located + "\nTRACE " + traced + "\nTRACE " + traced[..20] + "\n");

            var entry = BugcheckRecordParser.ReadLastWithEvents(path)!;

            using (Assert.EnterMultipleScope())
            {
                Assert.That(entry.Record.CaseId, Is.EqualTo("a b"));
                Assert.That(entry.Record.Instruction, Is.EqualTo(new Targets.CodeLocation("libc.so.6", 0x1A2B3C)));
                Assert.That(entry.Record.DriverLocation, Is.EqualTo(new Targets.CodeLocation("libdriver.so", 0x3027) { IsReturnAddress = true }));
                Assert.That(entry.Record.ReachedDriver, Is.True);
                Assert.That(entry.Events.Select(e => (e.Name, e.CaseId)), Is.EqualTo(new[] { ("RequestReceived", "a b") }));
                Assert.That(entry.Events[0].Fields["IoControlCode"], Is.EqualTo(0x8C012013u));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Addr2lineOutputGivesTheInnermostFunctionAndItsLine()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DriverSymbolizer.Parse("SampleCopyRecords\n/x/src/neither.c:587 (discriminator 3)\nSampleRecordsCaptureBody\n/x/src/neither.c:561\n"),
                Is.EqualTo(("SampleCopyRecords", "/x/src/neither.c", (int?)587)));
            Assert.That(DriverSymbolizer.Parse("??\n??:0\n"), Is.EqualTo(((string?)null, (string?)null, (int?)null)));
        });
    }

    // The trace ring's record (SimTraceFormat): sizes, sequence, time, provider, event, case id, one u32 field.
    private static byte[] TraceRecord(string caseId, string eventName)
    {
        var body = new List<byte>();
        void Text(string text) => body.AddRange([.. System.Text.Encoding.UTF8.GetBytes(text), 0]);
        Text("Provider");
        Text(eventName);
        Text(caseId);
        body.Add(1); // u32
        Text("IoControlCode");
        body.AddRange(BitConverter.GetBytes(0x8C012013u));
        var record = new List<byte>();
        record.AddRange(BitConverter.GetBytes((uint)(24 + body.Count)));
        record.AddRange(BitConverter.GetBytes(1u));
        record.AddRange(BitConverter.GetBytes(5ul));
        record.AddRange(BitConverter.GetBytes(0ul));
        record.AddRange(body);
        return [.. record];
    }
}
