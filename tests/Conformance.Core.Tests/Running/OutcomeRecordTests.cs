using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Tests.Running;

public sealed class OutcomeRecordTests
{
    [Test]
    public void EveryPartOfAnOutcomeSurvivesTheJournalLine()
    {
        var outcome = new CallOutcome
        {
            CaseId = "sample/neither[input.state=freed]",
            End = CallEnd.Bugcheck,
            Status = unchecked((int)0xC0000005),
            Information = 0xFFFF_FFFF_0000_0010,
            ReachedDriver = true,
            InputAfter = [0x00, 0xD3, 0xFF],
            OutputAfter = [],
            CanaryIntact = false,
            Detail = "line one\nline two — ünïcode",
            Elapsed = TimeSpan.FromTicks(123_456),
            FileOpens = [new KernelFileOpen("ZwCreateFile", @"\??\C:\x.txt", unchecked((int)0xC0000034), ForceAccessCheck: false, KernelHandle: true, UserContext: true)],
            UserAccesses = new UserAccessTrace(
                [
                    new UserAccess(0x7F00_0000_1000, 8, UserAccessKind.Probed | UserAccessKind.InTry, new CodeLocation("libdriver.so", 0x365E) { Function = "Capture", File = "/src/neither.c", Line = 266, IsReturnAddress = true }),
                    new UserAccess(0x7F00_0000_1004, 4, UserAccessKind.Write, null),
                    new UserAccess(0x7F00_0000_1000, 8, UserAccessKind.InTry, new CodeLocation("libdriver.so", 0x365E) { Function = "Capture", File = "/src/neither.c", Line = 266, IsReturnAddress = true }),
                ],
                Dropped: 2)
            {
                InputAddress = 0x7F00_0000_1000,
                OutputAddress = 0x7F00_0000_3000,
            },
            Bugcheck = new BugcheckRecord(0x50, [0xFFFF_8000_0000_1000, 1, 0, 2], 0xFFFF_8000_0000_1000, 0x7F00_1234, 0x8C012013, "sample/neither[input.state=freed]", "BUGCHECK 0x50\nraw"),
            Events =
            [
                new TraceEventRecord("Contoso-Conformance-SampleDriver", "ExceptionHandled", 7, "sample/neither[input.state=freed]", new Dictionary<string, object>
                {
                    ["Code"] = 0xC0000005u,
                    ["Status"] = -1073741819,
                    ["Address"] = 0xFFFF_8000_0000_1000ul,
                    ["Delta"] = -5L,
                    ["Handled"] = true,
                    ["Ratio"] = 0.5,
                    ["Reason"] = "ProbeFailed",
                }),
            ],
        };

        string line = OutcomeRecord.ToLine(outcome);
        var back = OutcomeRecord.FromLine(line);

        Assert.Multiple(() =>
        {
            Assert.That(line, Does.Not.Contain("\n"));
            Assert.That(back with { InputAfter = null, OutputAfter = null, Events = [], Bugcheck = null, UserAccesses = null, FileOpens = [] },
                Is.EqualTo(outcome with { InputAfter = null, OutputAfter = null, Events = [], Bugcheck = null, UserAccesses = null, FileOpens = [] }));
            Assert.That(back.UserAccesses!.Accesses, Is.EqualTo(outcome.UserAccesses.Accesses));
            Assert.That(back.FileOpens, Is.EqualTo(outcome.FileOpens));
            Assert.That(back.UserAccesses with { Accesses = [] }, Is.EqualTo(outcome.UserAccesses with { Accesses = [] }));
            Assert.That(back.InputAfter, Is.EqualTo(outcome.InputAfter));
            Assert.That(back.OutputAfter, Is.Empty);
            Assert.That(back.Bugcheck! with { Parameters = [] }, Is.EqualTo(outcome.Bugcheck with { Parameters = [] }));
            Assert.That(back.Bugcheck.Parameters, Is.EqualTo(outcome.Bugcheck.Parameters));
            var record = back.Events.Single();
            Assert.That((record.Provider, record.Name, record.Sequence, record.CaseId), Is.EqualTo(("Contoso-Conformance-SampleDriver", "ExceptionHandled", 7ul, outcome.CaseId)));
            // Same values of the same types: the judge compares a u32 field with a u32.
            Assert.That(record.Fields, Is.EquivalentTo(outcome.Events[0].Fields));
            Assert.That(record.Fields.Values.Select(v => v.GetType()), Is.EqualTo(outcome.Events[0].Fields.Values.Select(v => v.GetType())));
        });
    }

    [Test]
    public void WhereTheMachineCrashedAndWhetherTheDeviceLivedSurviveTheJournalLine()
    {
        var outcome = new CallOutcome
        {
            CaseId = "c",
            End = CallEnd.Completed,
            DeviceAlive = false,
            LivenessStatus = unchecked((int)0xC00000A3),
            Bugcheck = new BugcheckRecord(0x3B, [0xC0000005, 0, 0, 0], 0, 0x7F00_1234, 0x8C01A018, "c", "raw")
            {
                Instruction = new CodeLocation("libc.so.6", 0x1A2B3C),
                DriverLocation = new CodeLocation("libdriver.so", 0x252F) { Function = "SampleSetConfig", File = "/src/buffered.c", Line = 209, IsReturnAddress = true },
                ReachedDriver = true,
                ReturnAddressOverwritten = true,
            },
        };

        var back = OutcomeRecord.FromLine(OutcomeRecord.ToLine(outcome));

        Assert.Multiple(() =>
        {
            Assert.That((back.DeviceAlive, back.LivenessStatus), Is.EqualTo((outcome.DeviceAlive, outcome.LivenessStatus)));
            Assert.That(back.Bugcheck!.Instruction, Is.EqualTo(outcome.Bugcheck.Instruction));
            Assert.That(back.Bugcheck.DriverLocation, Is.EqualTo(outcome.Bugcheck.DriverLocation));
            Assert.That(back.Bugcheck.ReachedDriver, Is.True);
            Assert.That(back.Bugcheck.ReturnAddressOverwritten, Is.True);
            Assert.That(back.Bugcheck.DriverLocation!.ToString(), Is.EqualTo("libdriver.so+0x252F in SampleSetConfig (buffered.c:209)"));
        });
    }

    [Test]
    public void AnOutcomeJournaledBeforeLocationsAndLivenessStillReads()
    {
        const string Old = """{"case_id":"c","end":"Bugcheck","status":0,"information":0,"elapsed_ticks":0,"bugcheck":{"code":80,"parameters":[1,0,0,0],"fault_address":1,"instruction_address":2,"io_control_code":3,"case_id":"c","raw_text":"BUGCHECK"},"events":[]}""";

        var back = OutcomeRecord.FromLine(Old);

        Assert.Multiple(() =>
        {
            Assert.That(back.Bugcheck!.Code, Is.EqualTo(0x50u));
            Assert.That(back.Bugcheck.Instruction, Is.Null);
            Assert.That(back.Bugcheck.DriverLocation, Is.Null);
            Assert.That(back.Bugcheck.ReachedDriver, Is.Null);
            Assert.That(back.Bugcheck.ReturnAddressOverwritten, Is.False);
            Assert.That(back.DeviceAlive, Is.Null);
            Assert.That(back.LivenessStatus, Is.Null);
        });
    }

    [Test]
    public void WhatTheTargetCouldNotObserveSurvivesTheJournalLine()
    {
        // The Windows target: Information unwritten by the I/O manager, no event capture, reached-driver unknown.
        var outcome = new CallOutcome
        {
            CaseId = "c",
            End = CallEnd.Completed,
            Status = unchecked((int)0xC0000023),
            InformationObserved = false,
            EventsObserved = false,
            ReachedDriver = null,
        };

        var back = OutcomeRecord.FromLine(OutcomeRecord.ToLine(outcome));

        Assert.That((back.InformationObserved, back.EventsObserved, back.ReachedDriver, back.IrpCompleted), Is.EqualTo((false, false, (bool?)null, (bool?)null)));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void WhetherTheIrpWasCompletedSurvivesTheJournal(bool completed)
    {
        var outcome = new CallOutcome { CaseId = "c", End = CallEnd.Completed, IrpCompleted = completed };

        Assert.That(OutcomeRecord.FromLine(OutcomeRecord.ToLine(outcome)).IrpCompleted, Is.EqualTo(completed));
    }

    [Test]
    public void ThePointerValuesTheTargetWroteSurviveTheJournalAndTheBuffersComeBackWhole()
    {
        // A resumed run judges from the journal: without the values it would take each pointer slot for a changed byte.
        var input = BufferSpec.ReadWriteOf(16) with { Pointers = [new BufferPointer(0, PointerTarget.KernelCanary), new BufferPointer(8, PointerTarget.Output, -8)] };
        var call = new IoctlCall("c", 0x8C032043, 3, input, BufferSpec.ReadWriteOf(8), RacerSpec.None);
        ulong[] values = [0x2000_0000_0000ul, ulong.MaxValue];
        var after = new byte[16];
        BitConverter.GetBytes(values[0]).CopyTo(after, 0);
        BitConverter.GetBytes(values[1]).CopyTo(after, 8);
        var outcome = new CallOutcome { CaseId = "c", End = CallEnd.Completed, PointerValues = values, InputAfter = after, OutputAfter = new byte[8] };

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            OutcomeRecord.Write(json, outcome, call);
        }

        var back = OutcomeRecord.Read(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan));
        Assert.Multiple(() =>
        {
            Assert.That(back.Outcome.PointerValues, Is.EqualTo(values));
            Assert.That(OutcomeRecord.ApplyChanges(input, back.InputChanges!), Is.EqualTo(after));
            Assert.That(CallPointers.BytesBefore(call, back.Outcome).Input, Is.EqualTo(after), "the bytes the call was made with");
        });
    }

    [Test]
    public void AnOutcomeWithoutOptionalPartsStaysWithoutThem()
    {
        var outcome = new CallOutcome { CaseId = "x", End = CallEnd.HostLost };
        var back = OutcomeRecord.FromLine(OutcomeRecord.ToLine(outcome));
        Assert.That(back, Is.EqualTo(outcome with { Events = back.Events }));
        Assert.That((back.InputAfter, back.OutputAfter, back.CanaryIntact, back.Bugcheck, back.Detail, back.Events.Count), Is.EqualTo(((byte[]?)null, (byte[]?)null, (bool?)null, (BugcheckRecord?)null, (string?)null, 0)));
    }

    [TestCase("")]
    [TestCase("{")]
    [TestCase("{\"case_id\":\"x\"}")]
    [TestCase("{\"case_id\":\"x\",\"end\":\"Exploded\",\"status\":0,\"information\":0,\"reached_driver\":true,\"elapsed_ticks\":0,\"events\":[]}")]
    public void AnythingElseIsAFormatError(string line) =>
        Assert.That(() => OutcomeRecord.FromLine(line), Throws.TypeOf<FormatException>().With.Message.StartWith("not an outcome record"));
}
