using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>The profile's liveness call after each case: the case that leaves the device dead is DEVICE_DEAD, and only that one.</summary>
[TestFixture]
public sealed class LivenessTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task TheCaseAfterWhichTheDeviceStopsAnsweringIsDeviceDeadAndTheRunGoesOn(CancellationToken cancellationToken)
    {
        // Variant 13 leaves its configuration gate closed after a SET_CONFIG rejected for its length: from then on
        // every request, the liveness PING included, fails with STATUS_DEVICE_NOT_READY.
        var settings = Repository.Settings(filter: "set-config", variant: 13);
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, cancellationToken);
        var dead = results.Where(r => r.Findings.Any(f => f.Category == FindingCategory.DeviceDead)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dead, Is.Not.Empty);
            foreach (var result in dead)
            {
                // Exactly the rejected SET_CONFIGs (a length other than 4 on a handle that may write) kill it.
                Assert.That(result.Id, Does.Contain("access=read_write").And.Contain("declared_length=").And.Not.Contain("declared_length=4]"), result.Id);
                Assert.That(result.Outcome!.Status, Is.EqualTo(unchecked((int)0xC000000D)), "the case itself was answered correctly");
                Assert.That(result.Findings.Select(f => f.Category), Is.All.EqualTo(FindingCategory.DeviceDead));
                Assert.That(result.Findings[0].Message, Does.Contain("STATUS_DEVICE_NOT_READY"));
            }

            // A dead device restarts the target: every other case meets a live device and passes.
            Assert.That(results.Except(dead).Select(r => r.Verdict), Is.All.EqualTo(CaseVerdict.Pass));
            Assert.That(results.Select(r => r.Id), Is.EqualTo(run.SelectedCases.Select(c => c.Id)));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task TheCleanDriverAnswersItsLivenessCallAfterEveryCase(CancellationToken cancellationToken)
    {
        var settings = Repository.Settings(filter: "set-config");
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Outcome!.DeviceAlive), Is.All.True);
            Assert.That(results.Select(r => r.Verdict), Is.All.EqualTo(CaseVerdict.Pass));
        });
    }
}
