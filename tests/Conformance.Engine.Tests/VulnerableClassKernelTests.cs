using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;

namespace Conformance.Engine.Tests;

/// <summary>
/// The simulated kernel on the classes tests/drivers/vulnerable-classes seeds, call by call through SimHost: pool freed
/// by one request and used or freed again by the next, and the stack overruns the /GS model and the unwind see.
/// </summary>
[TestFixture]
public sealed class VulnerableClassKernelTests
{
    // CTL_CODE(0x8C07, function, METHOD_NEITHER, FILE_ANY_ACCESS): vulnerable_classes_ioctl.h.
    private const uint StackOverflowGs = 0x8C072407;
    private const uint StackOverflowNoGs = 0x8C07240B;
    private const uint AllocObject = 0x8C072413;
    private const uint FreeObject = 0x8C072417;
    private const uint UseObject = 0x8C07241B;
    private const int StatusSuccess = 0;
    private const int StatusInvalidDeviceState = unchecked((int)0xC0000184);

    private VulnerableClassesBuild build = null!;

    [OneTimeSetUp]
    public async Task BuildAsync() => build = await VulnerableClassesBuild.RunAsync();

    [OneTimeTearDown]
    public void RemoveBuild() => build.Dispose();

    [Test]
    public async Task UseOfTheObjectAfterAnotherCallFreedItIsBugcheckCc()
    {
        var outcomes = await FireAsync(build.Vulnerable, Call(AllocObject, 16), Call(FreeObject), Call(UseObject, output: 16));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Take(2).Select(o => o.Status), Is.EqualTo(new[] { StatusSuccess, StatusSuccess }));
            Assert.That(outcomes[2].Bugcheck?.Code, Is.EqualTo(0xCCu), outcomes[2].Detail);
            Assert.That(outcomes[2].Bugcheck!.Name, Is.EqualTo("PAGE_FAULT_IN_FREED_SPECIAL_POOL"));
            Assert.That(BugcheckCause.Categorize(outcomes[2].Bugcheck), Is.EqualTo(FindingCategory.UseAfterFree));
        });
    }

    [Test]
    public async Task FreeingTheObjectAgainInALaterCallIsBugcheckC2Parameter7()
    {
        var outcomes = await FireAsync(build.Vulnerable, Call(AllocObject, 16), Call(FreeObject), Call(FreeObject));

        Assert.Multiple(() =>
        {
            Assert.That(outcomes[2].Bugcheck?.Code, Is.EqualTo(0xC2u), outcomes[2].Detail);
            Assert.That(outcomes[2].Bugcheck!.Parameters[0], Is.EqualTo(7UL), "BAD_POOL_CALLER 7: a block already freed");
            Assert.That(BugcheckCause.Categorize(outcomes[2].Bugcheck), Is.EqualTo(FindingCategory.DoubleFree));
        });
    }

    [Test]
    public async Task TheTwinRefusesTheSameSequencesWithAStatus()
    {
        var use = await FireAsync(build.Fixed, Call(AllocObject, 16), Call(FreeObject), Call(UseObject, output: 16));
        var free = await FireAsync(build.Fixed, Call(AllocObject, 16), Call(FreeObject), Call(FreeObject));

        Assert.That(use.Concat(free).Select(o => o.Status), Is.EqualTo(new[]
        {
            StatusSuccess, StatusSuccess, StatusInvalidDeviceState, StatusSuccess, StatusSuccess, StatusInvalidDeviceState,
        }));
    }

    [Test]
    public async Task AnOverrunInsideTryThatThenFaultsIsCaughtByTheCookieCheckOfTheUnwind()
    {
        // 512 readable bytes declared as 1024: the copy overruns the 256-byte stack buffer, its cookie, its frame and the
        // caller's, then faults on the guard page. The handler is the caller's __try; before it runs, the unwind checks
        // the cookie of the buffer's frame (x64 /GS) and stops the machine. Without that check the jump into the
        // overwritten caller frame killed the host with no record.
        var outcome = (await FireAsync(build.Vulnerable, Call(StackOverflowGs, 512, declared: 1024, state: BufferMemoryState.GuardTail))).Single();

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Bugcheck?.Code, Is.EqualTo(0x139u), outcome.Detail);
            Assert.That(outcome.Bugcheck!.Parameters[0], Is.EqualTo(2UL), "FAST_FAIL_STACK_COOKIE_CHECK_FAILURE");
            Assert.That(outcome.Bugcheck.DriverLocation?.Module, Is.EqualTo("libvulnerable_classes.so"), outcome.Bugcheck.RawText);
            Assert.That(BugcheckCause.Categorize(outcome.Bugcheck), Is.EqualTo(FindingCategory.StackBufferOverrun));
        });
    }

    [TestCase(BufferMemoryState.ReadWrite, 512u)]
    [TestCase(BufferMemoryState.GuardTail, 1024u)]
    public async Task AReturnThroughAnOverwrittenReturnAddressIsAStackOverrunWhateverTryDoes(BufferMemoryState state, uint declared)
    {
        // No cookie (safebuffers): read-write, the function returns to 0x4141414141414141; guard tail, the copy faults
        // first and the unwind meets the overwritten return address. Either way the caller's __try is never reached.
        var outcome = (await FireAsync(build.Vulnerable, Call(StackOverflowNoGs, 512, declared: declared, state: state))).Single();

        Assert.Multiple(() =>
        {
            Assert.That(outcome.End, Is.EqualTo(CallEnd.Bugcheck), outcome.Detail);
            Assert.That(outcome.Bugcheck!.Code, Is.EqualTo(0x3Bu), outcome.Bugcheck.RawText);
            Assert.That(outcome.Bugcheck.ReturnAddressOverwritten, Is.True, outcome.Bugcheck.RawText);
            Assert.That(BugcheckCause.Categorize(outcome.Bugcheck), Is.EqualTo(FindingCategory.StackBufferOverrun));
        });
    }

    [Test]
    public async Task AReturnToACanonicalAddressThatIsNoCodeIsAStackOverrunToo()
    {
        // Every word 0x00007000_00000000: canonical, mapped by nothing. The ret succeeds and the fetch there faults; the
        // address is not the user region, so without the return's note it would read as a kernel-address 0x50.
        var words = new byte[512];
        for (int i = 0; i < words.Length; i += 8)
        {
            BitConverter.TryWriteBytes(words.AsSpan(i), 0x0000_7000_0000_0000UL);
        }

        var call = Call(StackOverflowNoGs, 512) with { Input = new BufferSpec(BufferMemoryState.ReadWrite, 512, 0, 512, words, 0) };
        var outcome = (await FireAsync(build.Vulnerable, call)).Single();

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Bugcheck?.FaultAddress, Is.EqualTo(0x0000_7000_0000_0000UL), outcome.Detail);
            Assert.That(outcome.Bugcheck!.ReturnAddressOverwritten, Is.True, outcome.Bugcheck.RawText);
            Assert.That(BugcheckCause.Categorize(outcome.Bugcheck), Is.EqualTo(FindingCategory.StackBufferOverrun));
        });
    }

    [Test]
    public async Task ACopyThatFitsTheStackBufferReturnsNormally()
    {
        var outcomes = await FireAsync(build.Vulnerable, Call(StackOverflowGs, 256), Call(StackOverflowNoGs, 256));

        Assert.That(outcomes.Select(o => o.Status), Is.EqualTo(new[] { StatusSuccess, StatusSuccess }));
    }

    // One SimHost per sequence: its state (the driver's shared object) carries from call to call, and nothing else's.
    private static async Task<IReadOnlyList<CallOutcome>> FireAsync(string driver, params IoctlCall[] calls)
    {
        await using var target = new SimulatorTarget(new SimulatorOptions { DriverPath = driver, DeviceName = VulnerableClassesBuild.Device });
        await target.StartAsync(CancellationToken.None);
        var outcomes = new List<CallOutcome>();
        foreach (var call in calls)
        {
            outcomes.AddRange(await target.ExecuteAsync([call], CancellationToken.None));
        }

        return outcomes;
    }

    private static IoctlCall Call(uint code, uint input = 0, uint output = 0, uint? declared = null, BufferMemoryState state = BufferMemoryState.ReadWrite) => new(
        $"vulnerable-classes-0x{code:X8}",
        code,
        3,
        input == 0 ? BufferSpec.None : new BufferSpec(state, input, 0, declared ?? input, ReadOnlyMemory<byte>.Empty, 0x41),
        output == 0 ? BufferSpec.None : BufferSpec.ReadWriteOf(output),
        RacerSpec.None);
}
