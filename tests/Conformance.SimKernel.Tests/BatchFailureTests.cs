using System.Diagnostics;
using Conformance.Targets;
using Conformance.Targets.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// A batch that goes wrong part-way (a call that never returns, a reply the client cannot read): each call
/// has its own time budget, the results before it stand, and only the call at fault is charged.
/// </summary>
[TestFixture]
public sealed class BatchFailureTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task AHangInABatchIsReportedAfterOneCallsBudgetAndTheCallsBeforeItStand(CancellationToken cancellationToken)
    {
        var budget = TimeSpan.FromMilliseconds(250);
        await using var target = new SimulatorTarget(new SimulatorOptions
        {
            DriverPath = Simulator.ExerciserPath,
            DeviceName = Exerciser.Device,
            CallTimeout = budget,
        });
        await target.StartAsync(cancellationToken);
        var quick = Exerciser.Call(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Simulator.Buffer(BufferMemoryState.ReadWrite, 64));
        var spin = Exerciser.Call(Exerciser.SpinForever, Simulator.Buffer(BufferMemoryState.ReadWrite, 4), Simulator.Buffer(BufferMemoryState.ReadWrite, 4)) with { CaseId = "spin" };
        // 2 quick calls, the hang, then 37 more: the batch's budget would be 40 x 250 ms = 10 s.
        IoctlCall[] batch = [quick with { CaseId = "q0" }, quick with { CaseId = "q1" }, spin, .. Enumerable.Range(3, 37).Select(i => quick with { CaseId = $"q{i}" })];

        var clock = Stopwatch.StartNew();
        var outcomes = await target.ExecuteAsync(batch, cancellationToken);
        clock.Stop();

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => (o.CaseId, o.End)), Is.EqualTo(new[] { ("q0", CallEnd.Completed), ("q1", CallEnd.Completed), ("spin", CallEnd.Hang) }));
            Assert.That(outcomes[^1].Detail, Does.Contain("within the deadline (0.25 s)"));
            // Far below the 10 s a whole-batch budget would take (one call's budget plus killing SimHost).
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task AnUnreadableReplyChargesOnlyItsCaseAndKeepsTheResultsBeforeIt(CancellationToken cancellationToken)
    {
        await using var target = new SimulatorTarget(new SimulatorOptions { DriverPath = Simulator.ExerciserPath, DeviceName = Exerciser.Device });
        await target.StartAsync(cancellationToken);
        var quick = Exerciser.Call(Exerciser.IrpViewBuffered, Exerciser.Parameters(), Simulator.Buffer(BufferMemoryState.ReadWrite, 64));
        var unreadable = Exerciser.Call(Exerciser.TraceUnknownField, Simulator.Buffer(BufferMemoryState.ReadWrite, 4), Simulator.Buffer(BufferMemoryState.ReadWrite, 4)) with { CaseId = "unreadable" };

        var outcomes = await target.ExecuteAsync([quick with { CaseId = "q0" }, quick with { CaseId = "q1" }, unreadable, quick with { CaseId = "q3" }], cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => (o.CaseId, o.End)), Is.EqualTo(new[] { ("q0", CallEnd.Completed), ("q1", CallEnd.Completed), ("unreadable", CallEnd.HostLost) }));
            Assert.That(outcomes[^1].Detail, Does.Contain("could not be read"));
            Assert.That(target.IsHostRunning, Is.False);
        });

        await target.RestartAsync(cancellationToken);
        Assert.That((await target.ExecuteAsync([quick with { CaseId = "q3" }], cancellationToken)).Single().End, Is.EqualTo(CallEnd.Completed));
    }
}
