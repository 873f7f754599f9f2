using Conformance.Simulator.Protocol;
using Conformance.Simulator.Tests.Support;
using Conformance.Targets;

namespace Conformance.Simulator.Tests.Protocol;

[TestFixture]
public sealed class FuzzMessageTests
{
    private static readonly IoctlCall Call = new(
        "fuzz", 0x8C012013, 3,
        new BufferSpec(BufferMemoryState.GuardTail, 24, 0, 264, new byte[] { 1, 0, 0, 1, 0, 1, 0, 0 }, 0x11) { Pointers = [new BufferPointer(8, PointerTarget.KernelCanary, 16)] },
        BufferSpec.ReadWriteOf(8),
        RacerSpec.None);

    [Test]
    public void ALoopRequestRoundTrips()
    {
        var request = new FuzzLoopRequest
        {
            Seed = 42,
            MaxExecs = 1000,
            Duration = TimeSpan.FromSeconds(60),
            ProgressInterval = TimeSpan.FromMilliseconds(100),
            SlowCall = TimeSpan.FromMilliseconds(750),
            LastInputPath = "/tmp/x/fuzz-last-input.bin",
            IoControlCodes = [0x8C012013, 0x8C012000],
            Seeds = [Call, Call with { IoControlCode = 0x8C012000 }],
        };

        var (kind, payload) = Frames.RoundTrip(w => FuzzLoopMessage.Write(w, request));
        var read = FuzzLoopMessage.Read(payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(kind, Is.EqualTo(MessageKind.FuzzLoop));
            Assert.That(read with { IoControlCodes = [], Seeds = [], SequenceSeeds = [] }, Is.EqualTo(request with { IoControlCodes = [], Seeds = [], SequenceSeeds = [] }));
            Assert.That(read.IoControlCodes, Is.EqualTo(request.IoControlCodes));
            Assert.That(read.Seeds.Select(s => s.IoControlCode), Is.EqualTo(new uint[] { 0x8C012013, 0x8C012000 }));
            Assert.That(read.Seeds[0].Input.Pointers.Single(), Is.EqualTo(Call.Input.Pointers[0]));
            Assert.That(read.Seeds[0].Input.Content.ToArray(), Is.EqualTo(Call.Input.Content.ToArray()));
        }
    }

    [Test]
    public void AReportWithAndWithoutACallRoundTrips()
    {
        var suspect = new FuzzReport(FuzzReportKind.Suspect, 123_456, TimeSpan.FromMilliseconds(1500), 97, 12, FuzzSuspicion.PoisonInBuffer | FuzzSuspicion.OutputPastInformation, 0xABCDEF, Call);
        var progress = suspect with { Kind = FuzzReportKind.Progress, Suspicion = FuzzSuspicion.None, EdgeSignature = 0, Call = null };

        var readSuspect = FuzzReport.Read(Frames.RoundTrip(suspect.Write).Payload);
        var readProgress = FuzzReport.Read(Frames.RoundTrip(progress.Write).Payload);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(readSuspect with { Call = null }, Is.EqualTo(suspect with { Call = null }));
            Assert.That(readSuspect.Call!.IoControlCode, Is.EqualTo(Call.IoControlCode));
            Assert.That(readProgress, Is.EqualTo(progress));
        }
    }

    [Test]
    public void ASequenceWithItsCopiesRoundTripsInAReportAndAsASeed()
    {
        var use = Call with { Input = Call.Input with { Copies = [new BufferCopy(0, FuzzSequenceCodec.StepName(0), StepBuffer.Output, 0, 8)] } };
        var report = new FuzzReport(FuzzReportKind.Suspect, 1, TimeSpan.Zero, 1, 1, FuzzSuspicion.SequencePath, 7, use) { Steps = [Call] };
        var request = new FuzzLoopRequest { IoControlCodes = [Call.IoControlCode], Seeds = [Call], SequenceSeeds = [[Call, use]] };

        var read = FuzzReport.Read(Frames.RoundTrip(report.Write).Payload);
        var seeds = FuzzLoopMessage.Read(Frames.RoundTrip(w => FuzzLoopMessage.Write(w, request)).Payload).SequenceSeeds;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(read.Steps.Single().IoControlCode, Is.EqualTo(Call.IoControlCode));
            Assert.That(read.Call!.Input.Copies.Single(), Is.EqualTo(use.Input.Copies[0]));
            Assert.That(seeds.Single()[1].Input.Copies.Single().Source, Is.EqualTo("call1.output"));
        }
    }

    [Test]
    public void ACopyFromALaterCallOrPastABufferIsRefused()
    {
        var late = Call with { Input = Call.Input with { Copies = [new BufferCopy(0, FuzzSequenceCodec.StepName(1), StepBuffer.Output, 0, 8)] } };
        var past = Call with { Input = Call.Input with { Copies = [new BufferCopy(0, FuzzSequenceCodec.StepName(0), StepBuffer.Output, 4, 8)] } };

        using (Assert.EnterMultipleScope())
        {
            Assert.That(FuzzSequenceCodec.IsValid([Call, late]), Is.False);
            Assert.That(FuzzSequenceCodec.IsValid([Call, past]), Is.False, "the first call's output holds 8 bytes");
            Assert.That(FuzzSequenceCodec.WithoutCall([Call, Call, late with { Input = late.Input with { Copies = [late.Input.Copies[0] with { Step = "call2" }] } }], 1).Last().Input.Copies, Is.Empty);
        }
    }

    [Test]
    public void AnUnknownReportKindIsRefused()
    {
        var report = new FuzzReport((FuzzReportKind)99, 0, TimeSpan.Zero, 0, 0, FuzzSuspicion.None, 0, null);

        Assert.That(() => FuzzReport.Read(Frames.RoundTrip(report.Write).Payload), Throws.TypeOf<ProtocolException>());
    }
}
