using System.Text.Json;

namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class ResultsJsonWriterTests
{
    /// <summary>Judging order, as the judge produced them (results.json does not reorder).</summary>
    private static readonly string[] LeakCategories = ["WRONG_STATUS", "WRONG_INFORMATION", "INFO_LEAK", "OUT_OF_BOUNDS_WRITE"];
    private static readonly ulong[] LeakSequences = [43, 42];
    private static readonly string[] BugcheckParameters = ["0xFFFFFC0000000000", "0x0000000000000000", "0xFFFFF80012345678", "0x0000000000000002"];

    private static readonly string[] CaseFields =
    [
        "id", "scenario", "ioctl", "io_control_code", "verdict", "status", "status_value", "expected",
        "information", "elapsed_ms", "inputs", "findings", "bugcheck", "events", "note",
    ];

    private JsonDocument document = null!;

    private JsonElement Root => document.RootElement;

    [OneTimeSetUp]
    public void Write() => document = JsonDocument.Parse(Rendered.Text(new ResultsJsonWriter(), SampleRun.Build()));

    [OneTimeTearDown]
    public void Dispose() => document.Dispose();

    [Test]
    public void RunFieldsAndSummaryAreWritten()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Root.GetProperty("run_id").GetString(), Is.EqualTo(SampleRun.RunId));
            Assert.That(Root.GetProperty("started_at").GetString(), Is.EqualTo("2026-11-25T14:30:05.000Z"));
            Assert.That(Root.GetProperty("finished_at").GetString(), Is.EqualTo("2026-11-25T14:30:09.250Z"));
            Assert.That(Root.GetProperty("target").GetString(), Is.EqualTo("simulator"));
            Assert.That(Root.GetProperty("driver").GetString(), Does.Contain("libsample.so"));
            var summary = Root.GetProperty("summary");
            Assert.That(summary.GetProperty("total").GetInt32(), Is.EqualTo(6));
            Assert.That(summary.GetProperty("passed").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("failed").GetInt32(), Is.EqualTo(3));
            Assert.That(summary.GetProperty("errors").GetInt32(), Is.EqualTo(1));
            Assert.That(summary.GetProperty("blocked").GetInt32(), Is.EqualTo(1));
        });
    }

    [Test]
    public void EveryCaseHasEveryRequiredField()
    {
        var cases = Root.GetProperty("cases").EnumerateArray().ToList();
        Assert.That(cases, Has.Count.EqualTo(6));
        foreach (var item in cases)
        {
            var names = item.EnumerateObject().Select(p => p.Name).ToList();
            Assert.That(names, Is.SupersetOf(CaseFields), item.GetProperty("id").GetString());
        }
    }

    [Test]
    public void FailingCaseCarriesItsInputsOutcomeFindingsAndEvents()
    {
        var leak = Case(SampleRun.LeakId);
        Assert.Multiple(() =>
        {
            Assert.That(leak.GetProperty("scenario").GetProperty("file").GetString(), Is.EqualTo(SampleRun.ScenarioFile));
            Assert.That(leak.GetProperty("scenario").GetProperty("line").GetInt32(), Is.EqualTo(SampleRun.ScenarioLine));
            Assert.That(leak.GetProperty("ioctl").GetString(), Is.EqualTo("IOCTL_SAMPLE_COPY"));
            Assert.That(leak.GetProperty("io_control_code").GetString(), Is.EqualTo("0x8C012007"));
            Assert.That(leak.GetProperty("verdict").GetString(), Is.EqualTo("fail"));
            Assert.That(leak.GetProperty("status").GetString(), Is.EqualTo("STATUS_SUCCESS"));
            Assert.That(leak.GetProperty("status_value").GetInt32(), Is.Zero);
            Assert.That(leak.GetProperty("expected").GetString(), Is.EqualTo("STATUS_INVALID_PARAMETER"));
            Assert.That(leak.GetProperty("information").GetUInt64(), Is.EqualTo(8UL));
            Assert.That(leak.GetProperty("elapsed_ms").GetDouble(), Is.EqualTo(0.75));
            var output = leak.GetProperty("inputs").GetProperty("output");
            Assert.That(output.GetProperty("state").GetString(), Is.EqualTo("read_write"));
            Assert.That(output.GetProperty("size").GetUInt32(), Is.EqualTo(64u));
            Assert.That(output.GetProperty("offset").GetUInt32(), Is.Zero);
            Assert.That(output.GetProperty("declared_length").GetUInt32(), Is.EqualTo(64u));
            Assert.That(leak.GetProperty("inputs").GetProperty("input").GetProperty("state").GetString(), Is.EqualTo("null"));
            var categories = leak.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("category").GetString());
            Assert.That(categories, Is.EqualTo(LeakCategories));
            Assert.That(leak.GetProperty("bugcheck").ValueKind, Is.EqualTo(JsonValueKind.Null));
            var events = leak.GetProperty("events").EnumerateArray().ToList();
            Assert.That(events.Select(e => e.GetProperty("seq").GetUInt64()), Is.EqualTo(LeakSequences));
            Assert.That(events[0].GetProperty("name").GetString(), Is.EqualTo("CopyDone"));
            Assert.That(events[0].GetProperty("fields").GetProperty("Bytes").GetUInt64(), Is.EqualTo(8UL));
            Assert.That(events[0].GetProperty("fields").GetProperty("Note").GetString(), Is.EqualTo("bell\u0007here"));
            Assert.That(leak.GetProperty("note").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void BugcheckRecordIsWrittenInHex()
    {
        var bugcheck = Case(SampleRun.BugcheckId).GetProperty("bugcheck");
        Assert.Multiple(() =>
        {
            Assert.That(bugcheck.GetProperty("code").GetString(), Is.EqualTo("0x50"));
            Assert.That(bugcheck.GetProperty("name").GetString(), Is.EqualTo("PAGE_FAULT_IN_NONPAGED_AREA"));
            Assert.That(bugcheck.GetProperty("parameters").EnumerateArray().Select(p => p.GetString()),
                Is.EqualTo(BugcheckParameters));
            Assert.That(bugcheck.GetProperty("address").GetString(), Is.EqualTo("0xFFFFFC0000000000"));
            Assert.That(bugcheck.GetProperty("poison").ValueKind, Is.EqualTo(JsonValueKind.Null), "a kernel address, not poison");
            Assert.That(Case(SampleRun.BugcheckId).GetProperty("status").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public void ErrorAndBlockedCasesKeepTheirNotes()
    {
        var error = Case(SampleRun.ErrorId);
        var blocked = Case(SampleRun.BlockedId);
        Assert.Multiple(() =>
        {
            Assert.That(error.GetProperty("verdict").GetString(), Is.EqualTo("error"));
            Assert.That(error.GetProperty("end").GetString(), Is.EqualTo("host_lost"));
            Assert.That(error.GetProperty("note").GetString(), Does.Contain("lost"));
            Assert.That(blocked.GetProperty("verdict").GetString(), Is.EqualTo("blocked"));
            Assert.That(blocked.GetProperty("status").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(blocked.GetProperty("elapsed_ms").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(blocked.GetProperty("note").GetString(), Does.Contain("circuit open"));
        });
    }

    [Test]
    public void UnknownStatusIsWrittenInHex() =>
        Assert.That(Case(SampleRun.HostileId).GetProperty("status").GetString(), Is.EqualTo("0xC0DE0001"));

    [Test]
    public void EqualRunsGiveEqualFiles()
    {
        var first = Rendered.Text(new ResultsJsonWriter(), SampleRun.Build());
        var second = Rendered.Text(new ResultsJsonWriter(), SampleRun.Build());
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void ARunFlushedInSlicesIsOneWholeDocument()
    {
        // Thousands of cases are written in many flushed slices; the file must still be one document in order.
        var run = SampleRun.Large(3000);
        using var large = JsonDocument.Parse(Rendered.Text(new ResultsJsonWriter(), run));
        var ids = large.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.That(ids, Is.EqualTo(run.Results.Select(r => r.Id)));
        Assert.That(large.RootElement.GetProperty("summary").GetProperty("total").GetInt32(), Is.EqualTo(3000));
    }

    private JsonElement Case(string id) =>
        Root.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
}
