using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class ExecuteBatchCodecTests
{
    private static readonly BufferMemoryState[] States = Enum.GetValues<BufferMemoryState>();

    [TestCaseSource(nameof(States))]
    public void EveryBufferStateRoundTrips(BufferMemoryState state)
    {
        var call = new IoctlCall(
            "states/" + state,
            0x8C012013,
            2,
            new BufferSpec(state, 64, 13, 80, new byte[] { 9, 8, 7 }, 0xAB),
            new BufferSpec(state, 4096, 4095, 1, ReadOnlyMemory<byte>.Empty, 0xCD),
            new RacerSpec(RacerKind.FlipBytes, RacerTarget.Output, 4, 8, 250));

        var decoded = RoundTrip([call]);

        Assert.That(decoded, Has.Count.EqualTo(1));
        AssertSameCall(decoded[0], call);
    }

    [Test]
    public void ManyCallsKeepTheirOrder()
    {
        var calls = Enumerable.Range(0, 500).Select(i => SampleCalls.Ping($"order/{i}")).ToList();

        var decoded = RoundTrip(calls);

        Assert.That(decoded.Select(c => c.CaseId), Is.EqualTo(calls.Select(c => c.CaseId)));
    }

    [Test]
    public void EmptyContentAndZeroSizesRoundTrip()
    {
        var call = new IoctlCall("empty", 0, 0, BufferSpec.None, new BufferSpec(BufferMemoryState.ReadWrite, 0, 0, 0, ReadOnlyMemory<byte>.Empty, 0), RacerSpec.None);

        var decoded = RoundTrip([call])[0];

        AssertSameCall(decoded, call);
        Assert.That(decoded.Racer, Is.SameAs(RacerSpec.None));
    }

    [Test]
    public void ContentAtTheBufferSizeLimitRoundTrips()
    {
        var content = new byte[ProtocolLimits.MaxBufferBytes];
        new Random(7).NextBytes(content);
        var call = new IoctlCall(
            "max-content",
            1,
            3,
            new BufferSpec(BufferMemoryState.ReadWrite, (uint)content.Length, 0, uint.MaxValue, content, 0),
            new BufferSpec(BufferMemoryState.GuardTail, (uint)ProtocolLimits.MaxBufferBytes, BufferSpec.PageSize - 1, uint.MaxValue, ReadOnlyMemory<byte>.Empty, 0xFF),
            new RacerSpec(RacerKind.Protection, RacerTarget.Input, uint.MaxValue, uint.MaxValue, uint.MaxValue));

        AssertSameCall(RoundTrip([call])[0], call);
    }

    [Test]
    public void BufferOverTheSizeLimitIsRefusedWhenWritten()
    {
        var call = new IoctlCall("too-big", 1, 3, BufferSpec.ReadWriteOf((uint)ProtocolLimits.MaxBufferBytes + 1), BufferSpec.None, RacerSpec.None);

        Assert.That(() => RoundTrip([call]), Throws.TypeOf<ProtocolException>().With.Message.Contains("exceeds the simulator limit"));
    }

    [Test]
    public void AnOffsetOutsideThePageIsRefusedWhenWritten()
    {
        var call = new IoctlCall("far", 1, 3, BufferSpec.None, BufferSpec.ReadWriteOf(16) with { Offset = BufferSpec.PageSize }, RacerSpec.None);

        Assert.That(() => RoundTrip([call]), Throws.TypeOf<ProtocolException>().With.Message.Contains("offset 4096 is not inside a page"));
    }

    [Test]
    public void ContentLongerThanSizeIsCutToSize()
    {
        var call = new IoctlCall("cut", 1, 3, new BufferSpec(BufferMemoryState.ReadWrite, 2, 0, 2, new byte[] { 1, 2, 3, 4 }, 0), BufferSpec.None, RacerSpec.None);

        var decoded = RoundTrip([call])[0];

        Assert.That(decoded.Input.Content.ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
    }

    [TestCase("plain-ascii")]
    [TestCase("scenarios/neither.yaml[input=Decommitted, offset=3]")]
    [TestCase("ünïcödé/ケース/случай")]
    [TestCase("emoji 🚀🧪 and combining e\u0301")]
    [TestCase("right-to-left \u05D0\u05D1\u05D2")]
    [TestCase("")]
    public void UnicodeCaseIdsRoundTrip(string caseId)
    {
        Assert.That(RoundTrip([SampleCalls.Ping(caseId)])[0].CaseId, Is.EqualTo(caseId));
    }

    [Test]
    public void CaseIdAtTheByteLimitRoundTrips()
    {
        // Three-byte characters, so the limit is met in UTF-8 bytes, not in chars.
        string caseId = new('ケ', ProtocolLimits.MaxCaseIdBytes / 3);

        Assert.That(RoundTrip([SampleCalls.Ping(caseId)])[0].CaseId, Is.EqualTo(caseId));
    }

    [Test]
    public void CaseIdOverTheByteLimitIsRefused()
    {
        string caseId = new('x', ProtocolLimits.MaxCaseIdBytes + 1);

        Assert.That(() => RoundTrip([SampleCalls.Ping(caseId)]), Throws.TypeOf<ProtocolException>().With.Message.Contains("Case id"));
    }

    [Test]
    public void CaseIdWithNulIsRefused()
    {
        Assert.That(() => RoundTrip([SampleCalls.Ping("a\0b")]), Throws.TypeOf<ProtocolException>().With.Message.Contains("NUL"));
    }

    [Test]
    public void WireCallHandsTheCaseIdToCWithItsNul()
    {
        var (_, payload) = Frames.RoundTrip(w => ExecuteBatchMessage.Write(w, [SampleCalls.Ping("abc")], 0, 1));
        var reader = new BatchCallReader(payload);

        Assert.That(reader.TryReadNext(out var call), Is.True);
        Assert.That(call.CaseIdWithNul.ToArray(), Is.EqualTo("abc\0"u8.ToArray()));
    }

    [Test]
    public void TrailingBytesAreAProtocolError()
    {
        var (_, payload) = Frames.RoundTrip(w => ExecuteBatchMessage.Write(w, [SampleCalls.Ping("x")], 0, 1));
        byte[] padded = [.. payload, 0];

        Assert.That(() => ExecuteBatchMessage.ReadAll(padded), Throws.TypeOf<ProtocolException>().With.Message.Contains("unexpected bytes"));
    }

    [Test]
    public void TruncatedBatchIsAProtocolError()
    {
        var (_, payload) = Frames.RoundTrip(w => ExecuteBatchMessage.Write(w, [SampleCalls.Ping("x")], 0, 1));

        Assert.That(() => ExecuteBatchMessage.ReadAll(payload.AsSpan(0, payload.Length - 3)), Throws.TypeOf<ProtocolException>().With.Message.Contains("truncated"));
    }

    [Test]
    public void PointersOfEveryTargetRoundTripWithTheirBuffer()
    {
        var pointers = Enum.GetValues<PointerTarget>().Select((target, i) => new BufferPointer((uint)i * 8, target, i % 2 == 0 ? -i : long.MaxValue - i)).ToArray();
        var call = new IoctlCall(
            "pointers",
            0x8C032043,
            3,
            new BufferSpec(BufferMemoryState.ReadOnly, 64, 3, 64, new byte[] { 1, 2, 3 }, 0x5A) { Pointers = pointers },
            BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(12, PointerTarget.Input, 4, 4)] },
            RacerSpec.None);

        AssertSameCall(RoundTrip([call])[0], call);
    }

    [Test]
    public void APointerPastTheEndOfItsBufferIsRefusedWhenWritten()
    {
        var call = new IoctlCall("past", 1, 3, BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(12, PointerTarget.Output)] }, BufferSpec.ReadWriteOf(4), RacerSpec.None);

        Assert.That(() => RoundTrip([call]), Throws.TypeOf<ProtocolException>().With.Message.Contains("pointer at offset 12 of the input buffer ends past its 16 bytes"));
    }

    [TestCase(7, 8, "unknown target 7")]
    [TestCase(0, 2, "2 bytes wide")]
    public void ABadPointerRecordIsAProtocolErrorWhenRead(byte target, byte width, string message)
    {
        var call = new IoctlCall("bad", 1, 3, BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(0, PointerTarget.Null)] }, BufferSpec.None, RacerSpec.None);
        var (_, payload) = Frames.RoundTrip(w => ExecuteBatchMessage.Write(w, [call], 0, 1));

        // The record is the last 16 bytes of the input buffer, before the output buffer (20 bytes) and the racer (14).
        int record = payload.Length - 14 - 20 - PointerRecordFormat.RecordSize;
        payload[record + 4] = target;
        payload[record + 5] = width;

        Assert.That(() => ExecuteBatchMessage.ReadAll(payload), Throws.TypeOf<ProtocolException>().With.Message.Contains(message));
    }

    [Test]
    public void EncodedSizeMatchesTheBytesWrittenWithPointers()
    {
        var call = SampleCalls.NeitherTransform("size/pointers", BufferMemoryState.ReadWrite, BufferMemoryState.ReadWrite);
        call = call with { Input = call.Input with { Pointers = [new BufferPointer(0, PointerTarget.KernelCanary), new BufferPointer(8, PointerTarget.Output)] } };
        var writer = new WireWriter();

        IoctlCallCodec.Write(writer, call);

        Assert.That(writer.Length, Is.EqualTo(IoctlCallCodec.EncodedSize(call)));
    }

    [Test]
    public void EncodedSizeMatchesTheBytesWritten()
    {
        var call = SampleCalls.NeitherTransform("size/ü", BufferMemoryState.ReadWrite, BufferMemoryState.Kernel);
        var writer = new WireWriter();

        IoctlCallCodec.Write(writer, call);

        Assert.That(writer.Length, Is.EqualTo(IoctlCallCodec.EncodedSize(call)));
    }

    private static List<IoctlCall> RoundTrip(List<IoctlCall> calls)
    {
        var (kind, payload) = Frames.RoundTrip(w => ExecuteBatchMessage.Write(w, calls, 0, calls.Count));
        Assert.That(kind, Is.EqualTo(MessageKind.ExecuteBatch));
        return ExecuteBatchMessage.ReadAll(payload);
    }

    private static void AssertSameCall(IoctlCall actual, IoctlCall expected)
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(actual.CaseId, Is.EqualTo(expected.CaseId));
            Assert.That(actual.IoControlCode, Is.EqualTo(expected.IoControlCode));
            Assert.That(actual.GrantedAccess, Is.EqualTo(expected.GrantedAccess));
            Assert.That(actual.Racer, Is.EqualTo(expected.Racer));
            AssertSameBuffer(actual.Input, expected.Input);
            AssertSameBuffer(actual.Output, expected.Output);
        }
    }

    private static void AssertSameBuffer(BufferSpec actual, BufferSpec expected)
    {
        Assert.That(actual with { Content = default, Pointers = [] }, Is.EqualTo(expected with { Content = default, Pointers = [] }));
        Assert.That(actual.Content.ToArray(), Is.EqualTo(expected.Content.ToArray()));
        Assert.That(actual.Pointers, Is.EqualTo(expected.Pointers));
    }
}
