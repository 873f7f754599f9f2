using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class CaseResultMessageTests
{
    private static readonly CaseResultHeader Header = new()
    {
        CaseIndex = 7,
        Status = unchecked((int)0xC0000005),
        Flags = SimResultBits.CanaryIntact | SimResultBits.InputReadBack | SimResultBits.OutputReadBack | SimResultBits.ReachedDriver,
        SetupError = 0,
        Information = ulong.MaxValue,
        InputAddress = 0x10000,
        OutputAddress = 0x20010,
        ElapsedNs = 1234,
        TraceEventsLost = 3,
        EdgeCount = 42,
        EdgeSignature = 0xFEDC_BA98_7654_3210,
    };

    [Test]
    public void ReadBackBytesAndEventsRoundTrip()
    {
        byte[] input = [1, 2, 3];
        byte[] output = [4, 5, 6, 7];
        byte[] events = [.. Record("case-7", 1), .. Record("case-7", 2)];

        var result = RoundTrip(Header with { EventCount = 2 }, input, output, events);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Header, Is.EqualTo(Header with { InputAfterLength = 3, OutputAfterLength = 4, EventCount = 2, EventBytes = (uint)events.Length }));
            Assert.That(result.InputAfter, Is.EqualTo(input));
            Assert.That(result.OutputAfter, Is.EqualTo(output));
            Assert.That(result.Events.Select(e => e.Sequence), Is.EqualTo(new ulong[] { 1, 2 }));
        }
    }

    [Test]
    public void PointerValuesComeBeforeTheBuffersAndRoundTrip()
    {
        ulong[] values = [0, 0x1_0000_2008, ulong.MaxValue];
        byte[] input = [9, 9];

        var (kind, payload) = Frames.RoundTrip(w => CaseResultMessage.Write(w, Header, input, [], [], default, values));
        var result = CaseResultMessage.Read(payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kind, Is.EqualTo(MessageKind.CaseResult));
            Assert.That(result.Header.PointerCount, Is.EqualTo(3u));
            Assert.That(result.PointerValues, Is.EqualTo(values));
            Assert.That(result.InputAfter, Is.EqualTo(input));
        }
    }

    [Test]
    public void BuffersNotReadBackComeBackAsNullAndEmptyOnesAsEmpty()
    {
        var notReadBack = RoundTrip(Header with { InputAfterLength = CaseResultHeader.NotReadBack, OutputAfterLength = CaseResultHeader.NotReadBack }, [], [], []);
        var empty = RoundTrip(Header, [], [], []);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(notReadBack.InputAfter, Is.Null);
            Assert.That(notReadBack.OutputAfter, Is.Null);
            Assert.That(empty.InputAfter, Is.Empty);
            Assert.That(empty.OutputAfter, Is.Empty);
            Assert.That(empty.Events, Is.Empty);
        }
    }

    [Test]
    public void ReadBackAtTheBufferSizeLimitRoundTrips()
    {
        var output = new byte[ProtocolLimits.MaxBufferBytes];
        new Random(3).NextBytes(output);

        var result = RoundTrip(Header with { InputAfterLength = CaseResultHeader.NotReadBack }, [], output, []);

        Assert.That(result.OutputAfter, Is.EqualTo(output));
    }

    [Test]
    public void EventCountThatDisagreesWithTheRecordsIsAProtocolError()
    {
        Assert.That(
            () => RoundTrip(Header with { EventCount = 2 }, [], [], Record("c", 1)),
            Throws.TypeOf<ProtocolException>().With.Message.Contains("Expected 2 trace records"));
    }

    [Test]
    public void AccessRecordsFollowTheEventsInTheNativeLayout()
    {
        // SIM_ACCESS_RECORD: u64 Address, u64 ReturnAddress, u32 Size, u32 Flags.
        var accesses = new byte[2 * UserAccessRecordFormat.RecordSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(accesses, 0x10008);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(accesses.AsSpan(8), 0x365E);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(accesses.AsSpan(16), 4);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(accesses.AsSpan(20), 0xE);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(accesses.AsSpan(24), 0x20010);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(accesses.AsSpan(40), 16);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(accesses.AsSpan(44), 1);
        byte[] events = Record("case-7", 1);

        var result = RoundTrip(Header with { EventCount = 1, AccessDropped = 5 }, [], [], events, accesses);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Header.AccessCount, Is.EqualTo(2));
            Assert.That(result.Header.AccessDropped, Is.EqualTo(5));
            Assert.That(result.Events, Has.Count.EqualTo(1));
            Assert.That(result.Accesses, Is.EqualTo(new[] { new UserAccessRecord(0x10008, 0x365E, 4, 0xE), new UserAccessRecord(0x20010, 0, 16, 1) }));
            Assert.That(result.Accesses[0].DriverOffset, Is.True);
        }
    }

    [Test]
    public void TheCasesFileCallsFollowTheAccessRecords()
    {
        var open = new FileAccessRecord(FileOperation.Create, 0, 0x40000000, 5, 0x20, 1, 0x240, FileAccessTraits.KernelHandle | FileAccessTraits.UserContext, 2, 0x80, @"\??\C:\x.txt");
        var (kind, payload) = Frames.RoundTrip(w => CaseResultMessage.Write(w, Header, [], [], [], fileAccesses: [open]));

        var result = CaseResultMessage.Read(payload);

        Assert.That(kind, Is.EqualTo(MessageKind.CaseResult));
        Assert.That(result.Header.FileAccessCount, Is.EqualTo(1));
        Assert.That(result.FileAccesses, Is.EqualTo(new[] { open }));
    }

    [Test]
    public void AnAccessCountOverTheNativeCapacityIsAProtocolError()
    {
        var writer = new WireWriter();
        CaseResultMessage.Write(writer, Header, [], [], []);
        var payload = writer.WrittenSpan[ProtocolLimits.FrameHeaderSize..].ToArray();
        (Header with { AccessCount = ProtocolLimits.MaxAccessRecordsPerCase + 1 }).Write(payload);

        Assert.That(() => CaseResultMessage.Read(payload), Throws.TypeOf<ProtocolException>().With.Message.Contains("access records"));
    }

    private static byte[] Record(string caseId, ulong sequence) =>
        new TraceRecordBuilder("Contoso-Conformance-SampleDriver", "RequestReceived", sequence, caseId)
            .Field(SimTraceFieldType.SimTraceHexUInt32, "IoControlCode", 0x8C012000u)
            .Build();

    private static CaseResult RoundTrip(CaseResultHeader header, byte[] input, byte[] output, byte[] events, byte[]? accesses = null)
    {
        var (kind, payload) = Frames.RoundTrip(w => CaseResultMessage.Write(w, header, input, output, events, accesses));
        Assert.That(kind, Is.EqualTo(MessageKind.CaseResult));
        return CaseResultMessage.Read(payload);
    }
}
