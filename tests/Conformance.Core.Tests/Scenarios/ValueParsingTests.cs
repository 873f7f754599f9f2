using Conformance.Scenarios;
using Conformance.Scenarios.Yaml;
using Conformance.Targets;

namespace Conformance.Tests.Scenarios;

public class ValueParsingTests
{
    [TestCase("0", 0ul)]
    [TestCase("4096", 4096ul)]
    [TestCase("0x1000", 4096ul)]
    [TestCase("0XFFFFFFFF", 0xFFFFFFFFul)]
    [TestCase("0xc0000005", 0xC0000005ul)]
    [TestCase("1_000", 1000ul)]
    [TestCase("18446744073709551615", ulong.MaxValue)]
    public void ReadsDecimalAndHex(string text, ulong expected)
    {
        Assert.That(ScalarNumber.TryParse(text, out var value, out var problem), Is.True, problem);
        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase("-1", "negative")]
    [TestCase("0x", "not a number")]
    [TestCase("12abc", "not a number")]
    [TestCase("1.5", "not a number")]
    [TestCase("0x1G", "not a number")]
    [TestCase("18446744073709551616", "too large")]
    [TestCase("999999999999999999999999999999", "too large")]
    public void RejectsWhatIsNotACount(string text, string problem)
    {
        Assert.That(ScalarNumber.TryParse(text, out _, out var why), Is.False);
        Assert.That(why, Does.Contain(problem));
    }

    [TestCase("DE AD BE EF", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [TestCase("deadbeef", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF })]
    [TestCase("00\n11  22", new byte[] { 0x00, 0x11, 0x22 })]
    [TestCase("", new byte[0])]
    public void ReadsHexBytes(string text, byte[] expected)
    {
        Assert.That(HexBytes.TryParse(text, out var bytes, out _), Is.True);
        Assert.That(bytes, Is.EqualTo(expected));
    }

    [TestCase("0G", "not a hex digit")]
    [TestCase("ABC", "odd number")]
    [TestCase("0x00", "not a hex digit")]
    public void RejectsBadHexBytes(string text, string problem)
    {
        Assert.That(HexBytes.TryParse(text, out _, out var why), Is.False);
        Assert.That(why, Does.Contain(problem));
    }

    [TestCase("sise", "size")]
    [TestCase("declared_lenght", "declared_length")]
    [TestCase("STATUS_ACCES_VIOLATION", "STATUS_ACCESS_VIOLATION")]
    [TestCase("Size", "size")]
    [TestCase("no-access", "no_access")]
    public void SuggestsTheClosestName(string typo, string expected) =>
        Assert.That(DidYouMean.Closest(typo, ["size", "state", "offset", "declared_length", "no_access", .. NtStatus.Names]), Is.EqualTo(expected));

    [Test]
    public void DoesNotSuggestUnrelatedNames() =>
        Assert.That(DidYouMean.Closest("banana", ["size", "state", "offset"]), Is.Null);

    [TestCase("STATUS_ACCESS_VIOLATION", 0xC0000005u, true)]
    [TestCase("0xC0000005", 0xC0000005u, true)]
    [TestCase("0", 0u, true)]
    [TestCase("error", 0xC0000010u, true)]
    [TestCase("error", 0x80000005u, false)]
    [TestCase("warning", 0x80000005u, true)]
    [TestCase("success", 0x00000103u, true)]
    [TestCase("information", 0x40000000u, true)]
    [TestCase("{ not: STATUS_SUCCESS }", 0u, false)]
    [TestCase("{ not: success }", 0xC0000001u, true)]
    [TestCase("{ any_of: [STATUS_ACCESS_VIOLATION, 0xC000000D] }", 0xC000000Du, true)]
    [TestCase("{ any_of: [STATUS_ACCESS_VIOLATION, STATUS_INVALID_PARAMETER] }", 0u, false)]
    public void StatusExpectationsMatch(string status, uint actual, bool matches)
    {
        var scenario = ScenarioText.Valid($"""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_PING
            expect:
              status: {status}
            """);

        Assert.That(scenario.Cases[0].Expect.Status!.Matches(unchecked((int)actual)), Is.EqualTo(matches));
    }

    [Test]
    public void StateNullIsTheNullBufferStateNotYamlNull()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_PING
            output: { state: null, declared_length: 64 }
            """);

        var output = scenario.Cases[0].Call.Output;
        Assert.That(output.State, Is.EqualTo(BufferMemoryState.Null));
        Assert.That(output.Size, Is.Zero);
        Assert.That(output.DeclaredLength, Is.EqualTo(64));
    }

    [Test]
    public void ContentKindsBecomeBytes()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_BUFFERED_TRANSFORM
            input: { size: 6, content: { pattern: "AB CD" } }
            output: { size: 8, content: { text: "hi" }, fill: 0xEE }
            """);

        var call = scenario.Cases[0].Call;
        Assert.That(call.Input.InitialBytes(), Is.EqualTo(new byte[] { 0xAB, 0xCD, 0xAB, 0xCD, 0xAB, 0xCD }));
        Assert.That(call.Output.InitialBytes(), Is.EqualTo(new byte[] { (byte)'h', (byte)'i', 0xEE, 0xEE, 0xEE, 0xEE, 0xEE, 0xEE }));
    }

    [Test]
    public void ContentFileIsReadRelativeToTheScenario()
    {
        var result = ScenarioCatalog.Load(RepoPaths.ValidScenarios, new ScenarioLoadOptions { DevicesDirectory = RepoPaths.Devices });
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));

        var records = result.Value!.Cases.First(c => c.Id.StartsWith("records/", StringComparison.Ordinal));
        var header = File.ReadAllBytes(Path.Combine(RepoPaths.ValidScenarios, "records", "data", "two-records.bin"));
        Assert.That(records.Call.Input.InitialBytes().Take(header.Length), Is.EqualTo(header));
    }

    [Test]
    public void HandleAccessMapsToFileDataBits()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_SET_CONFIG
            vary:
              access: [none, read, write, read_write]
            """);

        Assert.That(scenario.Cases.Select(c => c.Call.GrantedAccess), Is.EqualTo(new uint[] { 0, 1, 2, 3 }));
    }

    [Test]
    public void DefaultAccessIsReadWrite() =>
        Assert.That(ScenarioText.Valid("device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n").Cases[0].Call.GrantedAccess, Is.EqualTo(3));
}
