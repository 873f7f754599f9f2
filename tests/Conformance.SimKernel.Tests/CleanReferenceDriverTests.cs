using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;
using static Conformance.SimKernel.Tests.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>
/// The clean reference driver answers every buffer state on every IOCTL with a documented status,
/// never bugchecks, leaves the kernel canary and secret alone and never returns poison.
/// </summary>
[TestFixture]
public sealed class CleanReferenceDriverTests
{
    private static readonly uint[] Ioctls =
    [
        ReferenceDriver.Ping, ReferenceDriver.BufferedTransform, ReferenceDriver.InDirectStore, ReferenceDriver.OutDirectFetch,
        ReferenceDriver.NeitherTransform, ReferenceDriver.NeitherRecords, ReferenceDriver.SetConfig, ReferenceDriver.ResetConfig,
    ];

    private static readonly BufferMemoryState[] States = Enum.GetValues<BufferMemoryState>();

    private SimulatorTarget target = null!;

    [OneTimeSetUp]
    public async Task BootAsync() => target = await StartAsync(ReferenceDriverPath, ReferenceDriver.Device);

    [OneTimeTearDown]
    public async Task ShutdownAsync() => await target.DisposeAsync();

    [TestCaseSource(nameof(Ioctls))]
    public async Task WellFormedCallSucceeds(uint code)
    {
        var (input, output) = ReferenceDriver.WellFormed(code);
        var outcome = await CallAsync(target, ReferenceDriver.Call(code, input, output));
        Assert.That(outcome.Status, Is.EqualTo(Status.Success), $"0x{outcome.Status:X8}");
    }

    [TestCaseSource(nameof(Ioctls))]
    public async Task EveryBufferStateIsAnsweredSafely(uint code)
    {
        var (input, output) = ReferenceDriver.WellFormed(code);
        var calls = new List<IoctlCall>();
        foreach (var state in States)
        {
            foreach (uint offset in new uint[] { 0, 1, 3 })
            {
                calls.Add(ReferenceDriver.Call(code, input with { State = state, Offset = offset }, output, id: $"in-{state}-{offset}"));
                calls.Add(ReferenceDriver.Call(code, input, output with { State = state, Offset = offset }, id: $"out-{state}-{offset}"));
            }
        }

        var outcomes = await target.ExecuteAsync(calls, CancellationToken.None);
        Assert.That(outcomes, Has.Count.EqualTo(calls.Count), "the batch ended early: " + outcomes[^1].Bugcheck?.RawText);
        var secret = target.Capabilities.KernelSecret!.Value;
        Assert.Multiple(() =>
        {
            for (int i = 0; i < calls.Count; i++)
            {
                var (call, outcome) = (calls[i], outcomes[i]);
                Assert.That(outcome.End, Is.EqualTo(CallEnd.Completed), call.CaseId);
                Assert.That(outcome.CanaryIntact, Is.True, $"{call.CaseId}: canary");
                Assert.That(ReferenceDriver.DocumentedStatuses, Does.Contain(outcome.Status), $"{call.CaseId}: 0x{outcome.Status:X8}");
                if (outcome.OutputAfter is { } after)
                {
                    var before = call.Output.InitialBytes();
                    Assert.That(BufferComparison.FindSecret(before, after, secret.Span), Is.EqualTo(-1), $"{call.CaseId}: secret");
                    Assert.That(BufferComparison.FindNewPoisonRun(before, after, target.Capabilities.PoolPoisonByte!.Value), Is.EqualTo(-1), $"{call.CaseId}: pool poison");
                    Assert.That(BufferComparison.FindNewPoisonRun(before, after, target.Capabilities.StackPoisonByte!.Value), Is.EqualTo(-1), $"{call.CaseId}: stack poison");
                }
            }
        });
    }

    [TestCase(BufferMemoryState.NoAccess)]
    [TestCase(BufferMemoryState.Decommitted)]
    [TestCase(BufferMemoryState.KernelInvalid)]
    [TestCase(BufferMemoryState.Kernel)]
    public async Task NeitherTransformRejectsABadOutputWithAccessViolation(BufferMemoryState state)
    {
        var outcome = await CallAsync(target, ReferenceDriver.Call(ReferenceDriver.NeitherTransform,
            ReferenceDriver.Pattern(16), ReferenceDriver.Rw(16) with { State = state }));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.AccessViolation));
            Assert.That(outcome.Events.Select(e => e.Name), Does.Contain("ExceptionHandled").Or.Contain("ValidationFailed"));
        });
    }

    [Test]
    public async Task BufferTooSmallWithTheNeededSizeInInformationIsNotVisibleToTheCaller()
    {
        // PING completes STATUS_BUFFER_TOO_SMALL with Information 4 (the size needed); no IO_STATUS_BLOCK is written.
        var outcome = await CallAsync(target, ReferenceDriver.Call(ReferenceDriver.Ping, BufferSpec.None, ReferenceDriver.Rw(2)));
        var completed = outcome.Events.Single(e => e.Name == "RequestCompleted");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Status, Is.EqualTo(Status.BufferTooSmall));
            Assert.That(outcome.InformationObserved, Is.False);
            Assert.That(Convert.ToUInt64(completed.Fields["Information"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(4));
        });
    }
}
