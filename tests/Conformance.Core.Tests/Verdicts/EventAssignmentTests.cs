using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Tests.Verdicts;

public sealed class EventAssignmentTests
{
    private static readonly SourceLocation Where = new("s.yaml", 1, 1);

    [Test]
    public void AnEventExpectedTwiceNeedsTwoLoggedEvents()
    {
        var handled = Expect("ExceptionHandled");
        Assert.Multiple(() =>
        {
            Assert.That(EventAssignment.Unmatched([handled, handled], [Logged("ExceptionHandled")]), Has.Count.EqualTo(1));
            Assert.That(EventAssignment.Unmatched([handled, handled], [Logged("ExceptionHandled"), Logged("ExceptionHandled")]), Is.Empty);
        });
    }

    [Test]
    public void ABroadExpectationLeavesTheOnlyFittingEventToANarrowOne()
    {
        // Listed first, "any RequestCompleted" could take the failure event; it must take the success one instead.
        var any = Expect("RequestCompleted");
        var failed = Expect("RequestCompleted", ("Status", new FieldEquals("STATUS_ACCESS_VIOLATION")));
        var events = new[] { Logged("RequestCompleted", ("Status", unchecked((int)0xC0000005))), Logged("RequestCompleted", ("Status", 0)) };

        Assert.That(EventAssignment.Unmatched([any, failed], events), Is.Empty);
    }

    [Test]
    public void TheJudgeSaysWhenTheEventWasLoggedButNotOftenEnough()
    {
        var handled = Expect("ExceptionHandled");
        var ioctl = new IoctlDefinition("IOCTL_X", new ControlCode(0x8C012013), null, null, null);
        var device = new DeviceProfile("d", null, 0x8C01, null, null, [ioctl], "d.yaml");
        var scenarioCase = new ScenarioCase("c", new IoctlCall("c", 0x8C012013, 3, BufferSpec.None, BufferSpec.None, RacerSpec.None),
            new CaseExpectation { Events = [handled, handled] }, device, ioctl, new CaseProvenance("s", Where, [], 1, null));
        var outcome = new CallOutcome { CaseId = "c", End = CallEnd.Completed, ReachedDriver = true, CanaryIntact = true, Events = [Logged("ExceptionHandled")] };

        var findings = new CaseJudge(new TargetCapabilities("sim", true, null, null, null, 0)).Judge(scenarioCase, outcome).Findings;

        Assert.That(findings.Select(f => f.Message), Has.Some.Contains("not enough").And.Some.Contains("ExceptionHandled"));
    }

    private static EventExpectation Expect(string name, params (string Field, EventFieldMatcher Matcher)[] fields) =>
        new(name, fields.ToDictionary(f => f.Field, f => f.Matcher), Where);

    private static TraceEventRecord Logged(string name, params (string Field, object Value)[] fields) =>
        new("Contoso-Conformance-SampleDriver", name, 0, "c", fields.ToDictionary(f => f.Field, f => f.Value));
}
