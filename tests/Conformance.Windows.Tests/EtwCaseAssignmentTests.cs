using Conformance.Targets;
using Conformance.Targets.Windows;

namespace Conformance.Windows.Tests;

/// <summary>Each event goes to the call on its thread whose QPC window holds it; others to no case.</summary>
public sealed class EtwCaseAssignmentTests
{
    private static CapturedEvent Event(string name, int thread, long qpc) =>
        new(new TraceEventRecord("Provider", name, 0, string.Empty, new Dictionary<string, object>()), thread, qpc);

    [Test]
    public void EventsGoToTheCallWhoseWindowHoldsThem()
    {
        CallWindow[] calls = [new("a", 7, 100, 200), new("b", 7, 300, 400), new("c", 7, 500, 600)];
        CapturedEvent[] events = [Event("e1", 7, 100), Event("e2", 7, 350), Event("e3", 7, 400), Event("e4", 7, 599)];
        var assignment = EtwCaseAssignment.Assign(calls, events);
        Assert.That(assignment.Events.Select(e => (e.Name, e.CaseId)), Is.EqualTo(new[] { ("e1", "a"), ("e2", "b"), ("e3", "b"), ("e4", "c") }));
        Assert.That(assignment.OutsideAnyCall, Is.Zero);
    }

    [Test]
    public void EventsBetweenCallsOrOnAnotherThreadBelongToNoCase()
    {
        CallWindow[] calls = [new("a", 7, 100, 200), new("b", 7, 300, 400)];
        CapturedEvent[] events = [Event("between", 7, 250), Event("other-thread", 8, 150), Event("before", 7, 50), Event("after", 7, 401)];
        var assignment = EtwCaseAssignment.Assign(calls, events);
        Assert.That(assignment.Events, Is.Empty);
        Assert.That(assignment.OutsideAnyCall, Is.EqualTo(4));
    }

    [Test]
    public void EventsKeepTheirDeliveryOrderAcrossThreads()
    {
        CallWindow[] calls = [new("x", 1, 0, 1000), new("y", 2, 0, 1000)];
        CapturedEvent[] events = [Event("1", 2, 10), Event("2", 1, 5), Event("3", 2, 20)];
        var assignment = EtwCaseAssignment.Assign(calls, events);
        Assert.That(assignment.Events.Select(e => e.CaseId), Is.EqualTo(new[] { "y", "x", "y" }));
    }

    [Test]
    public void ManyCallsAreSearchedNotScanned()
    {
        var calls = Enumerable.Range(0, 10_000).Select(i => new CallWindow($"c{i}", 1, i * 10L, (i * 10L) + 5)).ToArray();
        var assignment = EtwCaseAssignment.Assign(calls, [Event("late", 1, 99_993)]);
        Assert.That(assignment.Events.Single().CaseId, Is.EqualTo("c9999"));
    }
}
