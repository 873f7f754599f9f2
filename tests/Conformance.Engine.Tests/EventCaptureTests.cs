using Conformance.Running;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>The driver's events, captured over a real EventPipe session and parsed by TraceEvent.</summary>
[TestFixture]
public sealed class EventCaptureTests
{
    private const string DriverProvider = "Contoso-Conformance-SampleDriver";
    private const string SyntheticProvider = "Conformance-SimHost-Synthetic";
    private const uint IoctlSamplePing = 0x8C012000;
    private static readonly string[] PingEvents = ["RequestReceived", "RequestCompleted"];
    private static readonly string[] CompletedFields = ["IoControlCode", "Status", "Information"];

    private static async Task<SimulatorTarget> StartAsync(int bufferMegabytes, params string[] providers)
    {
        var options = new SimulatorOptions
        {
            DriverPath = Path.Combine(Repository.Root, "driver-under-test/build/sim/libconformance_sample.so"),
            EventBufferMegabytes = bufferMegabytes,
        };
        foreach (string provider in providers)
        {
            options.EventProviders.Add(provider);
        }

        var target = new SimulatorTarget(options);
        await target.StartAsync(CancellationToken.None);
        return target;
    }

    private static IoctlCall Ping(string id) => new(id, IoctlSamplePing, 3, BufferSpec.None, BufferSpec.ReadWriteOf(4), RacerSpec.None);

    [Test]
    public async Task CapturedEventsCarryTheDriversProviderEventAndFieldNames()
    {
        await using var target = await StartAsync(64, DriverProvider);
        await target.ExecuteAsync([Ping("a"), Ping("b"), Ping("c")], CancellationToken.None);
        var window = await target.CollectEventsAsync(CancellationToken.None);
        var ofB = window.Events.Where(e => e.CaseId == "b").ToList();
        Assert.Multiple(() =>
        {
            Assert.That(window.Source, Is.EqualTo("eventpipe"));
            Assert.That(window.LostEvents, Is.Zero, window.LossDetail);
            Assert.That(window.Events, Has.Count.EqualTo(6));
            Assert.That(window.Events.Select(e => e.Sequence), Is.EqualTo(Enumerable.Range(0, 6).Select(i => (ulong)i)));
            Assert.That(ofB.Select(e => e.Name), Is.EqualTo(PingEvents));
            Assert.That(ofB.All(e => e.Provider == DriverProvider), Is.True);
            Assert.That(ofB[1].Fields.Keys, Is.EquivalentTo(CompletedFields));
            Assert.That(Convert.ToUInt64(ofB[1].Fields["Information"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(4));
        });
    }

    [Test]
    public async Task ATinyCaptureBufferLosesEventsAndEventAssertionsBecomeErrors()
    {
        // 1 MiB of session buffer against a burst of a million events: EventPipe must drop some.
        await using var target = await StartAsync(1, DriverProvider, SyntheticProvider);
        await target.EmitSyntheticEventsAsync(1_000_000, CancellationToken.None);
        var settings = Repository.Settings(filter: "ping[");
        await using var run = ConformanceRun.Open(settings);
        var runner = new ConformanceRunner(target, new RunOptions());
        var results = await runner.RunAsync(run.SelectedCases, null, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results, Is.Not.Empty);
            Assert.That(results.Select(r => r.Verdict), Is.All.EqualTo(CaseVerdict.Error), "every ping case asserts events");
            Assert.That(results[0].Note, Does.Contain("lost"));
        });
    }

    [Test]
    public async Task EventsOfCasesFiredBeforeACrashAreNotReportedMissing()
    {
        // Variant 2 bugchecks on some NEITHER transform cases; the events of the cases fired before each
        // crash die in SimHost's EventPipe buffers, and must not turn into MISSING_EVENT findings.
        var settings = Repository.Settings(filter: "neither-transform[", variant: 2);
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, CancellationToken.None);
        var missing = results.Where(r => r.Findings.Any(f => f.Category == FindingCategory.MissingEvent)
            && r.Findings.All(f => f.Category != FindingCategory.Bugcheck)).Select(r => r.Id).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(results.Any(r => r.Findings.Any(f => f.Category == FindingCategory.Bugcheck)), Is.True);
            Assert.That(missing, Is.Empty);
        });
    }
}
