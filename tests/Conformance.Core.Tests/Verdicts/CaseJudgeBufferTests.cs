using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

/// <summary>The user-buffer and user-memory checks of the judge (DESIGN.md section 6), one rule per test.</summary>
public sealed class CaseJudgeBufferTests
{
    private const byte Poison = 0xD3;
    private static readonly CaseJudge Judge = new(new TargetCapabilities("sim", true, null, Poison, 0xC7, 0xFFFF800000000000));

    [Test]
    public void AWritableInputBufferTheDriverOverwroteIsAReadOnlyWrite()
    {
        // DEFECTS.md #8: the input is the caller's data even where the page would let the driver write it.
        var input = BufferSpec.ReadWriteOf(16) with { Content = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray() };
        var reversed = input.InitialBytes().Reverse().ToArray();

        var findings = Findings(Case(input, BufferSpec.ReadWriteOf(16)), Returned(16, reversed, reversed));

        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Category == FindingCategory.ReadonlyWrite && f.Message == "input buffer changed at offset 0"));
    }

    [Test]
    public void APointerTheTargetWroteIntoTheInputIsNotAChangeOfTheDriver()
    {
        // The scenario wrote zeros where the target then wrote the low 32 bits of output+4: the judge compares with that.
        var input = BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(8, PointerTarget.Output, 4, 4)] };
        var held = new byte[16];
        BitConverter.GetBytes(0x0000_2004u).CopyTo(held, 8);

        var judged = Findings(Case(input, BufferSpec.ReadWriteOf(16)), Returned(0, held, new byte[16]) with { PointerValues = [0x2004ul] });
        var changedSlot = (byte[])held.Clone();
        changedSlot[9] ^= 0xFF;
        var overwritten = Findings(Case(input, BufferSpec.ReadWriteOf(16)), Returned(0, changedSlot, new byte[16]) with { PointerValues = [0x2004ul] });

        Assert.Multiple(() =>
        {
            Assert.That(judged, Is.Empty);
            Assert.That(overwritten.Select(f => f.Message), Is.EqualTo(new[] { "input buffer changed at offset 9" }), "a driver that changes the pointer still writes its input");
        });
    }

    [Test]
    public void ASecretReadThroughAPointerIsAnArbitraryRead()
    {
        byte[] secret = [.. Enumerable.Range(0x40, 32).Select(i => (byte)i)];
        var judge = new CaseJudge(new TargetCapabilities("sim", true, secret, Poison, 0xC7, 0xFFFF800000000000));
        var input = BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(0, PointerTarget.KernelSecret), new BufferPointer(8, PointerTarget.Output)] };
        var held = new byte[16];
        BitConverter.GetBytes(0x2000_0000_2000ul).CopyTo(held, 0);
        BitConverter.GetBytes(0x1_0000_2000ul).CopyTo(held, 8);
        var output = new byte[16];
        secret.AsSpan(0, 8).CopyTo(output);

        var findings = judge.Judge(Case(input, BufferSpec.ReadWriteOf(16)), Returned(0, held, output) with { PointerValues = [0x2000_0000_2000ul, 0x1_0000_2000ul] }).Findings;

        Assert.That(findings.Select(f => f.Category), Does.Contain(FindingCategory.ArbitraryRead));
    }

    [Test]
    public void AReadOnlyOutputStillCountsAndAnUntouchedInputDoesNot()
    {
        var output = BufferSpec.ReadWriteOf(16) with { State = BufferMemoryState.ReadOnly };
        var changed = output.InitialBytes();
        changed[5] ^= 0xFF;

        var findings = Findings(Case(BufferSpec.ReadWriteOf(16), output), Returned(0, new byte[16], changed));

        Assert.That(findings.Select(f => f.Message), Is.EqualTo(new[] { "read-only output buffer changed at offset 5" }));
    }

    [Test]
    public void BytesPastTheDeclaredLengthCountEvenWhenInformationClaimsThem()
    {
        // Declared 16 of a real 64, Information 48: the I/O manager copied 48 bytes into a 16-byte buffer.
        var output = new BufferSpec(BufferMemoryState.ReadWrite, 64, 0, 16, ReadOnlyMemory<byte>.Empty, 0xEE);
        var after = output.InitialBytes();
        Array.Fill(after, (byte)0x11, 0, 48);

        var findings = Findings(Case(BufferSpec.ReadWriteOf(64), output), Returned(48, new byte[64], after));

        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Category == FindingCategory.OutOfBoundsWrite
            && f.Message == "output byte 16 changed past the declared length 16 (Information = 48)"));
    }

    [Test]
    public void BytesPastInformationInsideTheDeclaredLengthAreAConformanceFindingNotASecurityOne()
    {
        var output = BufferSpec.ReadWriteOf(64);
        var after = output.InitialBytes();
        after[8] = 0x11;

        var findings = Findings(Case(BufferSpec.ReadWriteOf(64), output), Returned(8, new byte[64], after));

        Assert.That(findings.Select(f => (f.Category, f.Message)), Is.EqualTo(new[]
        {
            (FindingCategory.WritePastInformation, "output byte 8 changed although Information = 8 (inside the declared length 64)"),
        }));
        Assert.That(Reports.CategoryInfo.Kind(FindingCategory.WritePastInformation), Is.EqualTo("conformance"));
    }

    [Test]
    public void BothKindsAreReportedWhenTheDriverWritesPastInformationAndPastTheBuffer()
    {
        // Declared 16 of a real 32, Information 4: bytes 4 and 20 changed.
        var output = new BufferSpec(BufferMemoryState.ReadWrite, 32, 0, 16, ReadOnlyMemory<byte>.Empty, 0);
        var after = output.InitialBytes();
        after[4] = 1;
        after[20] = 1;

        var findings = Findings(Case(BufferSpec.ReadWriteOf(16), output), Returned(4, new byte[16], after));

        Assert.That(findings.Select(f => f.Category), Is.EquivalentTo(new[] { FindingCategory.WritePastInformation, FindingCategory.OutOfBoundsWrite }));
        Assert.That(findings.Single(f => f.Category == FindingCategory.OutOfBoundsWrite).Message, Is.EqualTo("output byte 20 changed past the declared length 16, although Information = 4"));
    }

    [Test]
    public void PoolPoisonWrittenIntoTheInputBufferIsALeakToo()
    {
        var poisoned = new byte[16];
        Array.Fill(poisoned, Poison);

        var findings = Findings(Case(BufferSpec.ReadWriteOf(16), BufferSpec.ReadWriteOf(16)), Returned(0, poisoned, new byte[16]));

        Assert.That(findings, Has.Some.Matches<Finding>(f => f.Category == FindingCategory.InfoLeak && f.Message.Contains("the input buffer", StringComparison.Ordinal)));
    }

    [TestCase(RacerTarget.Output)]
    [TestCase(RacerTarget.Input)]
    public void BytesTheSuitesOwnRacerFlippedAreNotTheDrivers(RacerTarget raced)
    {
        var flipped = new byte[16];
        flipped[8] = flipped[9] = 0xFF;
        var racer = new RacerSpec(RacerKind.FlipBytes, raced, 8, 2, 0);
        var outcome = raced == RacerTarget.Output ? Returned(0, new byte[16], flipped) : Returned(0, flipped, new byte[16]);

        Assert.That(Findings(Case(BufferSpec.ReadWriteOf(16), BufferSpec.ReadWriteOf(16), racer), outcome), Is.Empty);

        // A byte just past the raced range is the driver's again.
        flipped[10] = 1;
        Assert.That(Findings(Case(BufferSpec.ReadWriteOf(16), BufferSpec.ReadWriteOf(16), racer), outcome), Is.Not.Empty);
    }

    private static ScenarioCase Case(BufferSpec input, BufferSpec output, RacerSpec? racer = null)
    {
        var ioctl = new IoctlDefinition("IOCTL_SAMPLE_NEITHER_TRANSFORM", new ControlCode(0x8C012013), null, null, null);
        var device = new DeviceProfile("conformance-sample", null, 0x8C01, null, null, [ioctl], "devices/conformance-sample.yaml");
        return new ScenarioCase("c", new IoctlCall("c", 0x8C012013, 3, input, output, racer ?? RacerSpec.None), new CaseExpectation(), device, ioctl,
            new CaseProvenance("s", new SourceLocation("s.yaml", 1, 1), [], 1, null));
    }

    private static CallOutcome Returned(ulong information, byte[] inputAfter, byte[] outputAfter) => new()
    {
        CaseId = "c",
        End = CallEnd.Completed,
        Information = information,
        ReachedDriver = true,
        InputAfter = inputAfter,
        OutputAfter = outputAfter,
        CanaryIntact = true,
    };

    private static IReadOnlyList<Finding> Findings(ScenarioCase scenarioCase, CallOutcome outcome) => Judge.Judge(scenarioCase, outcome).Findings;
}
