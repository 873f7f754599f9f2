using Conformance.Running;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Reports.Tests;

/// <summary>
/// A hand-built METHOD_NEITHER failure with an access trace: a 16-byte input at <see cref="InputAddress"/> and an
/// 8-byte output at <see cref="OutputAddress"/>, touched the ways the access judge finds wrong.
/// </summary>
internal static class TracedCase
{
    public const string Id = "sample/records[input.size=16]";
    public const ulong InputAddress = 0x10000;
    public const ulong OutputAddress = 0x20000;

    /// <summary>Neither buffer: a touch here is told by its bare address.</summary>
    public const ulong Elsewhere = 0x7FFE0300;

    private const UserAccessKind Guarded = UserAccessKind.Probed | UserAccessKind.InTry;

    /// <summary>
    /// #1 reads input+0..7; #2 reads input+4..7 again (the double fetch); #3 reads input+8..23, past the buffer's
    /// 16 bytes and not probed; #4 writes output+0..7 outside __try; #5 reads a user address outside both buffers.
    /// </summary>
    public static IReadOnlyList<UserAccess> DoubleFetch { get; } =
    [
        new(InputAddress, 8, Guarded, Line("SampleRecordsCaptureHeader", 444)),
        new(InputAddress + 4, 4, Guarded, Line("SampleRecordsCaptureBody", 557)),
        new(InputAddress + 8, 16, UserAccessKind.InTry, Line("SampleCopyRecords", 587)),
        new(OutputAddress, 8, UserAccessKind.Write | UserAccessKind.Probed, Line("SampleRecordsWriteResult", 607)),
        new(Elsewhere, 4, UserAccessKind.None, null),
    ];

    /// <summary>A run of the sample's cases with this one failing, its outcome carrying <paramref name="accesses"/>.</summary>
    public static RunResult Run(IReadOnlyList<UserAccess> accesses, ulong dropped = 0, uint inputSize = 16) =>
        SampleRun.Build() with { Results = [SampleRun.Passing(), Failing(accesses, dropped, inputSize)] };

    /// <summary><paramref name="count"/> 1-byte reads, one per input byte and round again: a long trace.</summary>
    public static IReadOnlyList<UserAccess> Reads(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new UserAccess(InputAddress + (ulong)(i % 16), 1, Guarded, Line("SampleRecordsCaptureBody", 557)))];

    private static CaseResult Failing(IReadOnlyList<UserAccess> accesses, ulong dropped, uint inputSize)
    {
        var basis = SampleRun.Leaking();
        var call = basis.Case.Call with { CaseId = Id, Input = BufferSpec.ReadWriteOf(inputSize, 0x41), Output = BufferSpec.ReadWriteOf(8) };
        return basis with
        {
            Case = basis.Case with { Id = Id, Call = call },
            Outcome = basis.Outcome! with
            {
                CaseId = Id,
                InputAfter = call.Input.InitialBytes(),
                OutputAfter = new byte[8],
                UserAccesses = new UserAccessTrace(accesses, dropped) { InputAddress = InputAddress, OutputAddress = OutputAddress },
            },
            Findings = [new Finding(FindingCategory.DoubleFetch, "input+4 read twice")],
        };
    }

    private static CodeLocation Line(string function, int line) =>
        new("libconformance_sample.so", 0x3000 + (ulong)line) { Function = function, File = "/src/driver-under-test/src/neither.c", Line = line, IsReturnAddress = true };
}
