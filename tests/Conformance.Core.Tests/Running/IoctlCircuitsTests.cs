using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Tests.Running;

public sealed class IoctlCircuitsTests
{
    [Test]
    public void ACallLostWithItsMachineCountsTowardTheCircuitLikeABugcheck()
    {
        var circuits = new IoctlCircuits(crashesBeforeBlocking: 3);
        for (int i = 0; i < 3; i++)
        {
            Assert.That(circuits.IsOpen(0x8C012013), Is.False);
            circuits.Record(0x8C012013, new CallOutcome { CaseId = "x", End = i == 1 ? CallEnd.Bugcheck : CallEnd.MachineLost });
        }

        Assert.That(circuits.IsOpen(0x8C012013), Is.True);
        Assert.That(circuits.IsOpen(0x8C012004), Is.False);
    }

    [Test]
    public void AHostLostToItsOwnFaultDoesNotCount()
    {
        var circuits = new IoctlCircuits(crashesBeforeBlocking: 2);
        for (int i = 0; i < 5; i++)
        {
            circuits.Record(1, new CallOutcome { CaseId = "a", End = CallEnd.HostLost });
        }

        Assert.That(circuits.IsOpen(1), Is.False);
    }

    [Test]
    public void ACallThatReturnsClosesTheRunOfCrashes()
    {
        var circuits = new IoctlCircuits(crashesBeforeBlocking: 2);
        circuits.Record(1, new CallOutcome { CaseId = "a", End = CallEnd.HostLost });
        circuits.Record(1, new CallOutcome { CaseId = "b", End = CallEnd.Completed });
        circuits.Record(1, new CallOutcome { CaseId = "c", End = CallEnd.Hang });
        Assert.That(circuits.IsOpen(1), Is.False);
    }
}
