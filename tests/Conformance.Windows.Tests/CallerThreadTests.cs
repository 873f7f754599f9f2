using Conformance.Targets.Windows;

namespace Conformance.Windows.Tests;

/// <summary>The watchdog: a call that never returns is a hang, and the thread is given up, not reused.</summary>
public sealed class CallerThreadTests
{
    [Test]
    public void CallThatReturnsGivesItsValueOnTheCallerThread()
    {
        using var caller = new CallerThread("test-caller");
        var result = caller.Run(() => Environment.CurrentManagedThreadId, TimeSpan.FromSeconds(10));
        Assert.That(result.Completed, Is.True);
        Assert.That(result.Value, Is.Not.EqualTo(Environment.CurrentManagedThreadId));
        Assert.That(caller.Run(() => 42, TimeSpan.FromSeconds(10)).Value, Is.EqualTo(42), "the thread takes the next call");
    }

    [Test]
    public void CallThatNeverReturnsIsAHangAndTheThreadTakesNoMoreCalls()
    {
        using var neverSet = new ManualResetEventSlim(false);
        var caller = new CallerThread("test-caller");
        var result = caller.Run(() => neverSet.Wait(Timeout.Infinite), TimeSpan.FromMilliseconds(100));
        Assert.Multiple(() =>
        {
            Assert.That(result.Completed, Is.False);
            Assert.That(caller.IsStuck, Is.True);
            Assert.That(() => caller.Run(() => 1, TimeSpan.FromSeconds(1)), Throws.InvalidOperationException);
        });
        caller.Dispose(); // must not wait for the stuck thread
        neverSet.Set();
    }

    [Test]
    public void ExceptionOfTheCallReachesTheWaiter()
    {
        using var caller = new CallerThread("test-caller");
        Assert.That(() => caller.Run<int>(() => throw new InvalidDataException("driver said no"), TimeSpan.FromSeconds(10)),
            Throws.TypeOf<InvalidDataException>().With.Message.EqualTo("driver said no"));
        Assert.That(caller.IsStuck, Is.False);
    }

    [Test]
    public void OnStartRunsOnTheCallerThreadBeforeAnyCall()
    {
        int startedOn = -1;
        using var caller = new CallerThread("test-caller", () => startedOn = Environment.CurrentManagedThreadId);
        int ranOn = caller.Run(() => Environment.CurrentManagedThreadId, TimeSpan.FromSeconds(10)).Value;
        Assert.That(ranOn, Is.EqualTo(startedOn));
    }
}
