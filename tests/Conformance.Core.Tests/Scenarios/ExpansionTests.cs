using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Tests.Scenarios;

public class ExpansionTests
{
    [Test]
    public void CartesianProductInFileOrderFirstAxisOutermost()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { fill: 0x41 }
            output: { size: 64 }
            vary:
              input.size: [0, 3, 16]
              input.offset: [0, 1]
            """, "neither/lengths");

        Assert.That(scenario.Cases.Select(c => c.Id), Is.EqualTo(new[]
        {
            "neither/lengths[input.size=0,input.offset=0]",
            "neither/lengths[input.size=0,input.offset=1]",
            "neither/lengths[input.size=3,input.offset=0]",
            "neither/lengths[input.size=3,input.offset=1]",
            "neither/lengths[input.size=16,input.offset=0]",
            "neither/lengths[input.size=16,input.offset=1]",
        }));
        Assert.That(scenario.Cases.Select(c => (c.Call.Input.Size, c.Call.Input.Offset)),
            Is.EqualTo(new[] { (0u, 0u), (0u, 1u), (3u, 0u), (3u, 1u), (16u, 0u), (16u, 1u) }));
        Assert.That(scenario.Axes, Is.EqualTo(new[] { "input.size", "input.offset" }));
    }

    [Test]
    public void ExcludesDropPartialAssignments()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 8 }
            vary:
              input.state: [read_write, no_access, kernel]
              input.offset: [0, 1, 3]
            exclude:
              - { input.state: kernel, input.offset: [1, 3] }
              - { input.offset: 3, input.state: no_access }
            """);

        Assert.That(scenario.Cases, Has.Count.EqualTo(9 - 2 - 1));
        Assert.That(scenario.Cases.Select(c => c.Id), Has.None.Contains("kernel,input.offset=1"));
        Assert.That(scenario.Cases.Select(c => c.Id), Has.None.Contains("no_access,input.offset=3"));
        Assert.That(scenario.Cases.Select(c => c.Id), Has.Some.Contains("kernel,input.offset=0"));
    }

    [Test]
    public void FirstMatchingWhenWinsAndIsMergedOverTheBase()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 8 }
            output: { size: 8 }
            vary:
              input.state: [read_write, read_only, no_access, decommitted]
            expect:
              status: STATUS_SUCCESS
              information: input.size
              time_limit_ms: 250
            cases:
              - when: { input.state: [no_access, decommitted] }
                expect: { status: STATUS_ACCESS_VIOLATION, information: 0 }
              - when: { input.state: [decommitted, read_only] }
                expect: { status: STATUS_INVALID_PARAMETER, alive: false }
            """);

        var byState = scenario.Cases.ToDictionary(c => c.Provenance.Axes[0].Value);
        Assert.That(byState["read_write"].Expect.Status, Is.EqualTo(new ExactStatus(0)));
        Assert.That(byState["read_write"].Expect.Information, Is.EqualTo(new InformationRange(8, 8)));
        Assert.That(byState["read_write"].Provenance.ExpectOverride, Is.Null);

        Assert.That(byState["no_access"].Expect.Status, Is.EqualTo(new ExactStatus(unchecked((int)0xC0000005))));
        Assert.That(byState["no_access"].Expect.Information, Is.EqualTo(new InformationRange(0, 0)));
        Assert.That(byState["no_access"].Expect.TimeLimit, Is.EqualTo(TimeSpan.FromMilliseconds(250)), "unset fields keep the base value");

        Assert.That(byState["decommitted"].Expect.Status, Is.EqualTo(new ExactStatus(unchecked((int)0xC0000005))), "first match wins");
        Assert.That(byState["decommitted"].Provenance.ExpectOverride!.Value.Line, Is.EqualTo(12));

        Assert.That(byState["read_only"].Expect.Alive, Is.False);
        Assert.That(byState["read_only"].Expect.Status, Is.EqualTo(new ExactStatus(unchecked((int)0xC000000D))));
        Assert.That(byState["read_only"].Expect.Information, Is.EqualTo(new InformationRange(8, 8)), "unset fields keep the base value");
        Assert.That(byState["read_only"].Provenance.ExpectOverride!.Value.Line, Is.EqualTo(14));
    }

    [Test]
    public void SafetyExpectationsDefaultToTrue()
    {
        var expect = ScenarioText.Valid("device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n").Cases[0].Expect;

        Assert.Multiple(() =>
        {
            Assert.That(expect.Status, Is.Null);
            Assert.That(expect.Information, Is.Null);
            Assert.That(expect.Alive, Is.True);
            Assert.That(expect.OutputUntouchedPastInformation, Is.True);
            Assert.That(expect.ReadOnlyUnchanged, Is.True);
            Assert.That(expect.KernelCanaryIntact, Is.True);
            Assert.That(expect.NoKernelSecret, Is.True);
            Assert.That(expect.NoPoolPoison, Is.True);
            Assert.That(expect.NoDoubleFetch, Is.True);
            Assert.That(expect.UserAccessProbed, Is.True);
            Assert.That(expect.UserAccessInTry, Is.True);
            Assert.That(expect.NoUnexpectedUserAccess, Is.True);
            Assert.That(expect.TimeLimit, Is.EqualTo(CaseExpectation.DefaultTimeLimit));
            Assert.That(expect.Events, Is.Empty);
            Assert.That(expect.ForbidEvents, Is.Empty);
        });
    }

    [Test]
    public void AccessRulesAreSwitchedOffPerScenarioAndBackOnPerCase()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_RECORDS
            vary:
              input.size: [8, 16]
            expect:
              no_double_fetch: false
              user_access_in_try: false
            cases:
              - when: { input.size: 16 }
                expect: { no_double_fetch: true, no_unexpected_user_access: false }
            """);

        var bySize = scenario.Cases.ToDictionary(c => c.Call.Input.Size, c => c.Expect);
        Assert.Multiple(() =>
        {
            Assert.That((bySize[8].NoDoubleFetch, bySize[8].UserAccessInTry, bySize[8].UserAccessProbed, bySize[8].NoUnexpectedUserAccess), Is.EqualTo((false, false, true, true)));
            Assert.That((bySize[16].NoDoubleFetch, bySize[16].UserAccessInTry, bySize[16].UserAccessProbed, bySize[16].NoUnexpectedUserAccess), Is.EqualTo((true, false, true, false)));
        });
    }

    [Test]
    public void RelativeLengthsResolvePerCase()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_BUFFERED_TRANSFORM
            input: { declared_length: size+4 }
            output: { size: 32, declared_length: input.size }
            vary:
              input.size: [1, 16]
            expect:
              information: { min: 0, max: input.declared_length }
            """);

        Assert.That(scenario.Cases.Select(c => (c.Call.Input.DeclaredLength, c.Call.Output.DeclaredLength)),
            Is.EqualTo(new[] { (5u, 1u), (20u, 16u) }));
        Assert.That(scenario.Cases.Select(c => c.Expect.Information), Is.EqualTo(new[] { new InformationRange(0, 5), new InformationRange(0, 20) }));
    }

    [Test]
    public void DeclaredLengthDefaultsToSizeAndMayBeAbsolute()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_BUFFERED_TRANSFORM
            input: { size: 16 }
            output: { size: 16, declared_length: 0xFFFFFFFF }
            expect: { information: output.size-1 }
            """);

        var call = scenario.Cases[0].Call;
        Assert.That(call.Input.DeclaredLength, Is.EqualTo(16));
        Assert.That(call.Output.DeclaredLength, Is.EqualTo(uint.MaxValue));
        Assert.That(scenario.Cases[0].Expect.Information, Is.EqualTo(new InformationRange(15, 15)));
    }

    [Test]
    public void RepeatNumbersCasesFromOne()
    {
        var scenario = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_PING
            output: { size: 4 }
            repeat: 3
            vary:
              output.offset: [0, 2]
            """, "ping");

        Assert.That(scenario.Cases.Select(c => c.Id), Is.EqualTo(new[]
        {
            "ping[output.offset=0]#1", "ping[output.offset=0]#2", "ping[output.offset=0]#3",
            "ping[output.offset=2]#1", "ping[output.offset=2]#2", "ping[output.offset=2]#3",
        }));
        Assert.That(scenario.Cases.Select(c => c.Provenance.Repetition), Is.EqualTo(new[] { 1, 2, 3, 1, 2, 3 }));
        Assert.That(scenario.Cases.Select(c => c.Call.CaseId), Is.EqualTo(scenario.Cases.Select(c => c.Id)));
    }

    [Test]
    public void IdsAreStableAcrossLoadsAndKeepValuesAsWritten()
    {
        const string yaml = """
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_PING
            vary:
              output.size: [0x10, 4]
              output.state: [read_write, guard_tail]
            """;

        var first = ScenarioText.Valid(yaml, "a/b").Cases.Select(c => c.Id).ToList();
        var second = ScenarioText.Valid(yaml, "a/b").Cases.Select(c => c.Id).ToList();

        Assert.That(second, Is.EqualTo(first));
        Assert.That(first[0], Is.EqualTo("a/b[output.size=0x10,output.state=read_write]"));
        Assert.That(first, Is.Unique);
    }

    [Test]
    public void AScenarioWithoutAxesHasThePlainId() =>
        Assert.That(ScenarioText.Valid("device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n", "smoke/ping").Cases.Single().Id,
            Is.EqualTo("smoke/ping"));

    [Test]
    public void MissingBuffersAreNullWithZeroLength()
    {
        var call = ScenarioText.Valid("device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n").Cases[0].Call;

        Assert.That(call.Input, Is.EqualTo(BufferSpec.None));
        Assert.That(call.Output, Is.EqualTo(BufferSpec.None));
        Assert.That(call.Racer, Is.EqualTo(RacerSpec.None));
    }

    [Test]
    public void RacerMapsToTheTargetsContract()
    {
        var cases = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_RECORDS
            input: { size: 24 }
            output: { size: 8 }
            racer: { kind: flip_bytes, offset: 4, period_ns: 50 }
            vary:
              racer.target: [input, output]
            """).Cases;

        Assert.That(cases[0].Call.Racer, Is.EqualTo(new RacerSpec(RacerKind.FlipBytes, RacerTarget.Input, 4, 20, 50)));
        Assert.That(cases[1].Call.Racer, Is.EqualTo(new RacerSpec(RacerKind.FlipBytes, RacerTarget.Output, 4, 4, 50)));
    }

    [Test]
    public void RacerKindNoneIsNoRacer()
    {
        var cases = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { size: 8 }
            racer: { length: 4 }
            vary:
              racer.kind: [none, protection]
            """).Cases;

        Assert.That(cases[0].Call.Racer, Is.EqualTo(RacerSpec.None));
        Assert.That(cases[1].Call.Racer.Kind, Is.EqualTo(RacerKind.Protection));
    }

    [Test]
    public void IoctlAxisUsesProfileEntries()
    {
        var cases = ScenarioText.Valid("""
            device: conformance-sample
            input: { state: null, declared_length: 16 }
            output: { state: null, declared_length: 16 }
            vary:
              ioctl: [IOCTL_SAMPLE_BUFFERED_TRANSFORM, IOCTL_SAMPLE_NEITHER_TRANSFORM, 0x8C012009]
            """).Cases;

        Assert.That(cases.Select(c => c.Ioctl.Name), Is.EqualTo(new[] { "IOCTL_SAMPLE_BUFFERED_TRANSFORM", "IOCTL_SAMPLE_NEITHER_TRANSFORM", "IOCTL_SAMPLE_IN_DIRECT_STORE" }));
        Assert.That(cases.Select(c => c.Call.IoControlCode), Is.EqualTo(new[] { 0x8C012004u, 0x8C012013u, 0x8C012009u }));
        Assert.That(cases[2].Id, Does.EndWith("[ioctl=0x8C012009]"));
    }

    [Test]
    public void InlineCtlCodePartsUseTheProfileDeviceType()
    {
        var known = ScenarioText.Valid("device: conformance-sample\nioctl: { function: 0x804, method: neither, access: any }\n").Cases[0];
        var unknown = ScenarioText.Valid("device: conformance-sample\nioctl: { function: 0x8FF, method: buffered, access: read }\n").Cases[0];
        var raw = ScenarioText.Valid("device: conformance-sample\nioctl: { code: 0x8C017FFC, function: 0xFFF, method: buffered }\n").Cases[0];

        Assert.That(known.Ioctl.Name, Is.EqualTo("IOCTL_SAMPLE_NEITHER_TRANSFORM"));
        Assert.That(unknown.Call.IoControlCode, Is.EqualTo(0x8C0163FCu));
        Assert.That(unknown.Ioctl.Name, Is.EqualTo("CTL_CODE(0x8C01, 0x8FF, METHOD_BUFFERED, FILE_READ_ACCESS)"));
        Assert.That(unknown.Ioctl.Method, Is.EqualTo(TransferMethod.Buffered));
        Assert.That(raw.Ioctl.Name, Is.EqualTo("0x8C017FFC"));
        Assert.That(raw.Ioctl.Access, Is.EqualTo(RequiredAccess.Read));
    }

    [Test]
    public void EventExpectationsAreKeptForTheEventJudge()
    {
        var expect = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            expect:
              events:
                - name: ProbeFailed
                  fields: { Status: 0xC0000005, Method: neither, Length: { min: 1, max: 16 }, Code: { any_of: [1, 0x2] } }
              forbid_events:
                - { name: Bugcheck }
            """).Cases[0].Expect;

        Assert.That(expect.Events, Has.Count.EqualTo(1));
        Assert.That(expect.Events[0].Name, Is.EqualTo("ProbeFailed"));
        Assert.That(expect.Events[0].Fields, Is.EqualTo(new Dictionary<string, EventFieldMatcher>
        {
            ["Status"] = new FieldEquals("0xC0000005"),
            ["Method"] = new FieldEquals("neither"),
            ["Length"] = new FieldInRange(1, 16),
            ["Code"] = new FieldAnyOf([new FieldEquals("1"), new FieldEquals("0x2")]),
        }).Using<IReadOnlyDictionary<string, EventFieldMatcher>, Dictionary<string, EventFieldMatcher>>(SameFields));
        Assert.That(expect.Events[0].Where.Line, Is.EqualTo(5));
        Assert.That(expect.ForbidEvents.Single().Name, Is.EqualTo("Bugcheck"));
    }

    // Records compare by value, but FieldAnyOf holds a list: compare by description.
    private static bool SameFields(IReadOnlyDictionary<string, EventFieldMatcher> actual, Dictionary<string, EventFieldMatcher> expected) =>
        actual.Count == expected.Count && expected.All(e => actual.TryGetValue(e.Key, out var a) && a.Describe() == e.Value.Describe() && a.GetType() == e.Value.GetType());

    [Test]
    public void ProvenanceNamesFileLineAndAxes()
    {
        var scenario = ScenarioText.Valid("""
            # leading comment
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_PING
            vary: { output.size: [4] }
            """, "smoke/ping");

        var provenance = scenario.Cases[0].Provenance;
        Assert.That(provenance.ScenarioId, Is.EqualTo("smoke/ping"));
        Assert.That(provenance.Scenario.File, Is.EqualTo("smoke/ping.yaml"));
        Assert.That(provenance.Scenario.Line, Is.EqualTo(2));
        Assert.That(provenance.Axes, Is.EqualTo(new[] { new AxisAssignment("output.size", "4") }));
        Assert.That(scenario.Cases[0].Device.Name, Is.EqualTo("conformance-sample"));
    }

    [Test]
    public void NullAndKernelBuffersCarryNoContent()
    {
        var cases = ScenarioText.Valid("""
            device: conformance-sample
            ioctl: IOCTL_SAMPLE_NEITHER_TRANSFORM
            input: { content: { text: "" }, declared_length: 8 }
            vary:
              input.state: [kernel, "null"]
            """).Cases;

        Assert.That(cases.Select(c => c.Call.Input.Content.Length), Has.All.Zero);
        Assert.That(cases.Select(c => c.Call.Input.State), Is.EqualTo(new[] { BufferMemoryState.Kernel, BufferMemoryState.Null }));
    }
}
