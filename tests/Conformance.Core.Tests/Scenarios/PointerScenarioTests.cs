using Conformance.Targets;

namespace Conformance.Tests.Scenarios;

/// <summary>Symbolic pointers inside buffer contents: how they are written, varied, selected and checked.</summary>
public class PointerScenarioTests
{
    [Test]
    public void ContentPointersOverwriteTheBytesAtTheirOffsetsInOffsetOrder()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input:
              size: 24
              content:
                pattern: "AB"
                pointers:
                  - { offset: 8, to: output + 0x10 }
                  - { offset: 0, to: kernel_secret }
                  - { offset: 16, to: no_access_user - 4, size: 4 }
            output: { size: 32 }
            """);

        var input = scenario.Cases[0].Call.Input;
        Assert.Multiple(() =>
        {
            Assert.That(input.Pointers, Is.EqualTo(new[]
            {
                new BufferPointer(0, PointerTarget.KernelSecret),
                new BufferPointer(8, PointerTarget.Output, 16),
                new BufferPointer(16, PointerTarget.NoAccessUser, -4, 4),
            }));
            Assert.That(input.InitialBytes(), Has.All.EqualTo(0xAB), "the content stays as written until the target aims the pointers");
        });
    }

    [TestCase("null", PointerTarget.Null, 0L)]
    [TestCase("\"null\"", PointerTarget.Null, 0L)]
    [TestCase("null + 0x10", PointerTarget.Null, 16L)]
    [TestCase("input+3", PointerTarget.Input, 3L)]
    [TestCase("output - 8", PointerTarget.Output, -8L)]
    [TestCase("kernel_canary", PointerTarget.KernelCanary, 0L)]
    [TestCase("kernel_unmapped", PointerTarget.KernelUnmapped, 0L)]
    public void EveryTargetSpellingIsRead(string to, PointerTarget target, long addend)
    {
        var scenario = ScenarioText.Valid($$"""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 8, content: { pointers: [{ offset: 0, to: {{to}} }] } }
            output: { size: 8 }
            """);

        Assert.That(scenario.Cases[0].Call.Input.Pointers.Single(), Is.EqualTo(new BufferPointer(0, target, addend)));
    }

    [Test]
    public void APointerAxisGivesOneCaseEachWithTheCanonicalAimInItsId()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16, content: { pointers: [{ offset: 0, to: input }] } }
            output: { size: 16 }
            vary:
              input.pointer@8: [null, kernel_canary, output + 8]
            cases:
              - when: { input.pointer@8: kernel_canary }
                expect: { status: STATUS_ACCESS_VIOLATION }
            """, "www");

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Cases.Select(c => c.Id), Is.EqualTo(new[]
            {
                "www[input.pointer@8=null]",
                "www[input.pointer@8=kernel_canary]",
                "www[input.pointer@8=output+8]",
            }));
            Assert.That(scenario.Cases.Select(c => c.Call.Input.Pointers[1]), Is.EqualTo(new[]
            {
                new BufferPointer(8, PointerTarget.Null),
                new BufferPointer(8, PointerTarget.KernelCanary),
                new BufferPointer(8, PointerTarget.Output, 8),
            }));
            Assert.That(scenario.Cases.Select(c => c.Call.Input.Pointers[0]), Has.All.EqualTo(new BufferPointer(0, PointerTarget.Input)));
            Assert.That(scenario.Cases[1].Expect.Status!.Describe(), Is.EqualTo("STATUS_ACCESS_VIOLATION"));
        });
    }

    [Test]
    public void ASelectorNamesTheNullPointerWithoutQuotes()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 8 }
            output: { size: 8 }
            vary:
              input.pointer@0: [null, output]
            cases:
              - when: { input.pointer@0: null }
                expect: { status: STATUS_ACCESS_VIOLATION }
            """);

        Assert.That(scenario.Cases.Select(c => c.Expect.Status?.Describe()), Is.EqualTo(new[] { "STATUS_ACCESS_VIOLATION", null }));
    }

    [Test]
    public void AContentAxisIsNamedByItsValuesNames()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16 }
            output: { size: 16 }
            vary:
              input.content:
                - { name: read_secret, bytes: "11 22", pointers: [{ offset: 8, to: kernel_secret }] }
                - { name: plain, pattern: "5A" }
              output.offset: [0, 1]
            exclude:
              - { input.content: plain, output.offset: 1 }
            cases:
              - when: { input.content: [read_secret] }
                expect: { status: STATUS_ACCESS_VIOLATION }
            """, "leak");

        Assert.Multiple(() =>
        {
            Assert.That(scenario.Cases.Select(c => c.Id), Is.EqualTo(new[]
            {
                "leak[input.content=read_secret,output.offset=0]",
                "leak[input.content=read_secret,output.offset=1]",
                "leak[input.content=plain,output.offset=0]",
            }));
            Assert.That(scenario.Cases[0].Call.Input.Pointers, Is.EqualTo(new[] { new BufferPointer(8, PointerTarget.KernelSecret) }));
            Assert.That(scenario.Cases[0].Call.Input.Content.ToArray(), Is.EqualTo(new byte[] { 0x11, 0x22 }));
            Assert.That(scenario.Cases[2].Call.Input.Pointers, Is.Empty);
            Assert.That(scenario.Cases.Select(c => c.Expect.Status?.Describe()), Is.EqualTo(new[] { "STATUS_ACCESS_VIOLATION", "STATUS_ACCESS_VIOLATION", null }));
        });
    }

    [Test]
    public void ABufferWithoutUserBytesCarriesNoPointers()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16, content: { pointers: [{ offset: 0, to: output }] } }
            output: { size: 16 }
            vary:
              input.state: [read_only, kernel]
            """);

        Assert.That(scenario.Cases.Select(c => c.Call.Input.Pointers.Count), Is.EqualTo(new[] { 1, 0 }));
    }

    [Test]
    public void TwoContentsWithOneNameAreOneValueListedTwice()
    {
        var error = ScenarioText.SingleError("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16 }
            vary:
              input.content:
                - { name: a, pattern: "01" }
                - { name: a, pattern: "02" }
            """);

        Assert.That(error.Message, Does.Contain("lists the value a twice"));
    }

    [Test]
    public void AContentNameThatWouldBreakCaseIdsIsRefused()
    {
        var error = ScenarioText.SingleError("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16, content: { name: "a b", pattern: "01" } }
            """);

        Assert.That(error.Message, Does.Contain("content name 'a b' may hold only"));
    }

    [Test]
    public void AnUnknownPointerPathSaysHowPointerAxesAreWritten()
    {
        var error = ScenarioText.SingleError("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 16 }
            vary:
              input.pointer: [null]
            """);

        Assert.That(error.Hint, Does.Contain("input.pointer@8"));
    }
}
