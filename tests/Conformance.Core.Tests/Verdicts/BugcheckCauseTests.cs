using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Core.Tests.Verdicts;

/// <summary>A crash's category from its record alone (docs/bug-classes.md, "Crash categories").</summary>
[TestFixture]
public sealed class BugcheckCauseTests
{
    [TestCase(0x139u, 2ul, 0ul, FindingCategory.StackBufferOverrun)]
    [TestCase(0x139u, 3ul, 0ul, FindingCategory.Bugcheck)] // a corrupted LIST_ENTRY: another fast fail
    [TestCase(0xF7u, 0ul, 0ul, FindingCategory.StackBufferOverrun)]
    [TestCase(0xCDu, 0x30000000B000ul, 0ul, FindingCategory.PoolOverflow)]
    [TestCase(0xC1u, 0x30000000B000ul, 0ul, FindingCategory.PoolOverflow)]
    [TestCase(0xCCu, 0x30000000B000ul, 0ul, FindingCategory.UseAfterFree)]
    [TestCase(0xC2u, 7ul, 0ul, FindingCategory.DoubleFree)]
    [TestCase(0xC2u, 0x46ul, 0ul, FindingCategory.Bugcheck)] // freeing an address that is not pool
    [TestCase(0xFCu, 0x100000000ul, 0ul, FindingCategory.DataExecution)]
    [TestCase(0x3Bu, 0xC0000005ul, 0x28ul, FindingCategory.NullDereference)]
    [TestCase(0x7Eu, 0xC0000005ul, 0ul, FindingCategory.NullDereference)]
    [TestCase(0x3Bu, 0xC0000005ul, 0x100000000ul, FindingCategory.Bugcheck)] // a user address outside __try
    [TestCase(0x3Bu, 0xC0000094ul, 0ul, FindingCategory.Bugcheck)] // a division by zero, address 0
    [TestCase(0x50u, 0xFFFF800000000000ul, 0xFFFF800000000000ul, FindingCategory.Bugcheck)]
    public void TheCodeAndParametersNameTheCause(uint code, ulong parameter1, ulong faultAddress, FindingCategory expected)
    {
        var record = new BugcheckRecord(code, [parameter1, 0, 0, 0], faultAddress, 0, 0, "c", "raw");

        Assert.That(BugcheckCause.Categorize(record), Is.EqualTo(expected));
    }

    [Test]
    public void TheSimulatorsNotesComeFirst()
    {
        var poison = new BugcheckRecord(0x50, [0xD3D3D3D3D3D3D3E3, 0, 0, 0], 0xD3D3D3D3D3D3D3E3, 0, 0, "c", "raw") { Poison = "pool" };
        var overwritten = new BugcheckRecord(0xFC, [0x100000000, 0, 0, 0], 0x100000000, 0, 0, "c", "raw") { ReturnAddressOverwritten = true };

        Assert.Multiple(() =>
        {
            Assert.That(BugcheckCause.Categorize(poison), Is.EqualTo(FindingCategory.UninitializedMemory));
            Assert.That(BugcheckCause.Categorize(overwritten), Is.EqualTo(FindingCategory.StackBufferOverrun), "the return into user memory was the overrun's");
            Assert.That(BugcheckCause.Categorize(null), Is.EqualTo(FindingCategory.Bugcheck));
        });
    }

    [Test]
    public void TheJudgeKeepsTheCrashInTheMessage()
    {
        var record = new BugcheckRecord(0xCC, [0x300000001000, 0, 0, 0], 0x300000001000, 0, 0, "c", "raw");

        Assert.That(CaseJudge.DescribeBugcheck(record), Does.StartWith("bugcheck 0xCC PAGE_FAULT_IN_FREED_SPECIAL_POOL"));
    }
}
