using Conformance.Running;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// A bugcheck record a driver engineer can use: for every seeded variant that crashes the simulated machine, the record
/// names the driver function and the source line of the faulting access, says the dispatch routine ran, and the case
/// keeps the events the driver logged before the crash.
/// </summary>
[TestFixture]
public sealed class BugcheckEvidenceTests
{
    // variant, filter, function, file, text of the faulting line (the first one after the function's definition)
    private static readonly object[] CrashingVariants =
    [
        new object[] { 2u, "neither-transform[input.state=no_access", "SampleTransformCaptureInput", "neither.c", "RtlCopyMemory(Captured, UserInput, Request->InputBufferLength);" },
        new object[] { 3u, "records-race", "SampleCopyRecords", "neither.c", "RtlCopyMemory(Destination + offset, Source + offset, ElementSize);" },
        new object[] { 6u, "set-config[access=read_write,input.declared_length=0]", "SampleSetConfig", "buffered.c", "    value = *(SAMPLE_CONFIG_VALUE *)Request->Irp->AssociatedIrp.SystemBuffer;" },
        new object[] { 9u, "records-overflow", "SampleCopyRecords", "neither.c", "RtlCopyMemory(Destination + offset, Source + offset, ElementSize);" },
        new object[] { 10u, "direct[", "SampleMapDirectBuffer", "direct.c", "length = MmGetMdlByteCount(mdl);" },
    ];

    [TestCaseSource(nameof(CrashingVariants))]
    public async Task TheBugcheckRecordNamesTheDriverFunctionAndSourceLineOfTheFaultingAccess(uint variant, string filter, string function, string file, string faultingLine)
    {
        var cancellationToken = CancellationToken.None;
        var settings = Repository.Settings(filter: filter, variant: variant);
        await using var run = ConformanceRun.Open(settings);
        var results = await run.RunAsync(run.SelectedCases, null, cancellationToken);
        var crashed = results.Where(r => r.Outcome?.End == CallEnd.Bugcheck).ToList();
        Assert.That(crashed, Is.Not.Empty, $"variant {variant} crashed no case of '{filter}'");

        int line = LineOf(file, function, faultingLine);
        foreach (var result in crashed)
        {
            var outcome = result.Outcome!;
            var where = outcome.Bugcheck!.DriverLocation;
            Assert.Multiple(() =>
            {
                Assert.That(where, Is.Not.Null, $"{result.Id}: no driver location in {outcome.Bugcheck.RawText}");
                Assert.That(where!.Module, Is.EqualTo("libconformance_sample.so"));
                Assert.That(where.Function, Is.EqualTo(function), result.Id);
                Assert.That(Path.GetFileName(where.File), Is.EqualTo(file), result.Id);
                Assert.That(where.Line, Is.EqualTo(line), $"{result.Id}: {where}");
                Assert.That(outcome.Bugcheck.Instruction, Is.Not.Null);
                Assert.That(outcome.ReachedDriver, Is.True, "the crash is in the driver's own dispatch path");
                Assert.That(outcome.Events.Select(e => e.Name), Does.Contain("RequestReceived"), "events logged before the crash stay with the case");
                Assert.That(outcome.Events.Select(e => e.CaseId), Is.All.EqualTo(result.Id));
            });
        }

        // The journal keeps all of it, so a resumed run reports the same.
        var journaled = JournalHistory.Read(Path.Combine(run.Directory, "journal.txt")).Outcomes.First(o => o.CaseId == crashed[0].Id);
        Assert.That(journaled.Bugcheck!.DriverLocation, Is.EqualTo(crashed[0].Outcome!.Bugcheck!.DriverLocation));

        // And the HTML report shows where, with the driver's own source line marked.
        run.Complete();
        string html = File.ReadAllText(Path.Combine(run.Directory, "report.html"));
        Assert.That(html, Does.Contain($"in {function} ({file}:{line})"));
        Assert.That(html, Does.Contain("<tr class=\"crash\"><td class=\"mono muted\">" + line.ToString(System.Globalization.CultureInfo.InvariantCulture) + "</td>"));
    }

    private static int LineOf(string file, string function, string text)
    {
        var lines = File.ReadAllLines(Path.Combine(Repository.Root, "driver-under-test", "src", file));
        // The definition, not a prototype: the function name at the start of a line, then its parameters' lines.
        int definition = Array.FindLastIndex(lines, l => l.StartsWith(function + "(", StringComparison.Ordinal));
        int at = Array.FindIndex(lines, definition, l => l.Contains(text, StringComparison.Ordinal));
        Assert.That(definition >= 0 && at >= 0, $"{file}: '{text}' after {function}( not found");
        return at + 1;
    }
}
