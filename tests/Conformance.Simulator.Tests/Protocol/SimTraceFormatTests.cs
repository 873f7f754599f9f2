using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class SimTraceFormatTests
{
    [Test]
    public void EveryFieldTypeDecodesToItsClrType()
    {
        byte[] record = new TraceRecordBuilder("Contoso-Conformance-SampleDriver", "RequestCompleted", 41, "case/ü")
            .Field(SimTraceFieldType.SimTraceUInt32, "u32", 4000000000u)
            .Field(SimTraceFieldType.SimTraceInt32, "i32", -5)
            .Field(SimTraceFieldType.SimTraceUInt64, "u64", ulong.MaxValue)
            .Field(SimTraceFieldType.SimTraceInt64, "i64", long.MinValue)
            .Field(SimTraceFieldType.SimTraceHexUInt32, "ioctl", 0x8C012000u)
            .Field(SimTraceFieldType.SimTraceNtStatus, "Status", unchecked((int)0xC0000005))
            .Field(SimTraceFieldType.SimTracePointer, "Buffer", 0x7FFF_0000_1000UL)
            .Field(SimTraceFieldType.SimTraceString, "Text", "héllo")
            .Build();

        var decoded = SimTraceFormat.Decode(record);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(decoded.Provider, Is.EqualTo("Contoso-Conformance-SampleDriver"));
            Assert.That(decoded.Name, Is.EqualTo("RequestCompleted"));
            Assert.That(decoded.Sequence, Is.EqualTo(41UL));
            Assert.That(decoded.CaseId, Is.EqualTo("case/ü"));
            Assert.That(decoded.Fields["u32"], Is.EqualTo(4000000000u));
            Assert.That(decoded.Fields["i32"], Is.EqualTo(-5));
            Assert.That(decoded.Fields["u64"], Is.EqualTo(ulong.MaxValue));
            Assert.That(decoded.Fields["i64"], Is.EqualTo(long.MinValue));
            Assert.That(decoded.Fields["ioctl"], Is.EqualTo(0x8C012000u));
            Assert.That(decoded.Fields["Status"], Is.EqualTo(unchecked((int)0xC0000005)));
            Assert.That(decoded.Fields["Buffer"], Is.EqualTo(0x7FFF_0000_1000UL));
            Assert.That(decoded.Fields["Text"], Is.EqualTo("héllo"));
        }
    }

    [Test]
    public void TryReadRecordFindsSizeAndCaseId()
    {
        byte[] record = new TraceRecordBuilder("P", "E", 1, "the-case").Build();

        Assert.That(SimTraceFormat.TryReadRecord([.. record, .. record], out int size, out var caseId), Is.True);
        Assert.That(size, Is.EqualTo(record.Length));
        Assert.That(caseId.ToArray(), Is.EqualTo("the-case"u8.ToArray()));
    }

    [Test]
    public void ATruncatedRecordIsNotRead()
    {
        byte[] record = new TraceRecordBuilder("P", "E", 1, "c").Build();

        Assert.That(SimTraceFormat.TryReadRecord(record.AsSpan(0, record.Length - 1), out _, out _), Is.False);
    }

    [Test]
    public void AnUnknownFieldTypeIsAProtocolError()
    {
        byte[] record = new TraceRecordBuilder("P", "E", 1, "c").Field((SimTraceFieldType)99, "x", 1u).Build();

        Assert.That(() => SimTraceFormat.Decode(record), Throws.TypeOf<ProtocolException>().With.Message.Contains("unknown type 99"));
    }
}
