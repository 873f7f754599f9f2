using Conformance.Targets.Windows;

namespace Conformance.Windows.Tests;

/// <summary>The bugcheck of the case in flight, read from the System log after the machine came back.</summary>
public sealed class BugcheckEvidenceTests
{
    private static readonly DateTimeOffset JournalLastWritten = new(2026, 11, 30, 10, 1, 55, TimeSpan.Zero);

    private static IReadOnlyList<SystemLogEvent> Export(string name) =>
        SystemLogEvent.ParseAll(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "SystemLogExports", name)));

    [Test]
    public void ExportIsReadEventByEventNamedAndUnnamedData()
    {
        var events = Export("crash-after-run.xml");
        Assert.That(events, Has.Count.EqualTo(3));
        Assert.That(events[0].Provider, Is.EqualTo(BugcheckEvidence.BugcheckReportProvider));
        Assert.That(events[0].Data["param2"], Is.EqualTo(@"C:\Windows\MEMORY.DMP"));
        Assert.That(events[1].Data["BugcheckCode"], Is.EqualTo("205"));
        Assert.That(events[1].TimeCreated, Is.EqualTo(DateTimeOffset.Parse("2026-11-30T10:02:12.7654321Z", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void KernelPower41AfterTheJournalIsTheCrashOfTheCaseInFlight()
    {
        var record = BugcheckEvidence.Find(Export("crash-after-run.xml"), JournalLastWritten, "sample/case[x=1]", 0x8C012013);
        Assert.That(record, Is.Not.Null);
        Assert.Multiple(() =>
        {
            Assert.That(record!.Code, Is.EqualTo(0xCDu), "BugcheckCode is decimal in the event: 205");
            Assert.That(record.Name, Is.EqualTo("PAGE_FAULT_BEYOND_END_OF_ALLOCATION"));
            Assert.That(record.Parameters, Is.EqualTo(new ulong[] { 0xffffb30c1d2e8000, 1, 0xfffff8054a1c1a2f, 0 }));
            Assert.That(record.FaultAddress, Is.EqualTo(0xffffb30c1d2e8000), "parameter 1 is the referenced address of a page-fault bugcheck");
            Assert.That(record.CaseId, Is.EqualTo("sample/case[x=1]"));
            Assert.That(record.IoControlCode, Is.EqualTo(0x8C012013u));
            Assert.That(record.RawText, Does.Contain(@"C:\Windows\MEMORY.DMP").And.Contain("Kernel-Power 41"));
        });
    }

    [Test]
    public void CrashBeforeTheJournalWasLastWrittenIsAnotherRunsCrash()
    {
        var older = Export("crash-after-run.xml").Where(e => e.TimeCreated < JournalLastWritten).ToList();
        Assert.That(older, Has.Count.EqualTo(1), "the 0x50 of the night before");
        Assert.That(BugcheckEvidence.Find(older, JournalLastWritten, "c", 0), Is.Null);
    }

    [Test]
    public void PowerLossHasNoBugcheck() =>
        Assert.That(BugcheckEvidence.Find(Export("power-loss.xml"), JournalLastWritten, "c", 0), Is.Null);

    [Test]
    public void OnlyTheBugcheckReportIsEnough()
    {
        var reportOnly = Export("crash-after-run.xml").Where(e => e.EventId == 1001).ToList();
        var record = BugcheckEvidence.Find(reportOnly, JournalLastWritten, "c", 0);
        Assert.That(record!.Code, Is.EqualTo(0xCDu));
        Assert.That(record.Parameters[2], Is.EqualTo(0xfffff8054a1c1a2fUL));
    }

    [TestCase("0x000000d1 (0x0000000000000000, 0x0000000000000002, 0x0000000000000000, 0xfffff80112345678)", 0xD1u)]
    [TestCase("0x50 (0xffff800000000000, 0x0, 0xfffff8054a1c1b00, 0x2)", 0x50u)]
    public void ReportTextIsParsed(string text, uint code) =>
        Assert.That(BugcheckEvidence.ParseReportText(text)!.Value.Code, Is.EqualTo(code));

    [TestCase("")]
    [TestCase("0x50 (0x1, 0x2)")]
    [TestCase("not a bugcheck")]
    public void ReportTextThatIsNotOneIsNull(string text) => Assert.That(BugcheckEvidence.ParseReportText(text), Is.Null);

    [Test]
    public void ExportThatIsNotXmlIsAFormatError() =>
        Assert.That(() => SystemLogEvent.ParseAll("<Event><System>"), Throws.TypeOf<FormatException>());
}
