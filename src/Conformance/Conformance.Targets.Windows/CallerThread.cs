namespace Conformance.Targets.Windows;

/// <summary>
/// The one thread that makes the target's calls, watched from the engine's thread. A driver that never
/// completes an IOCTL holds its caller inside the kernel, where nothing in user mode can reach it: the
/// watchdog sees the limit pass, reports the call as hung, and the thread is given up (the machine needs a
/// reset; see <see cref="MachineResetRequiredException"/>). Plain .NET, no Windows API: it is the same here and
/// on Windows, and tested on Linux with a call that blocks.
/// </summary>
public sealed class CallerThread : IDisposable
{
    private readonly Thread thread;
    private readonly SemaphoreSlim work = new(0);
    private readonly Lock gate = new();
    private Func<object?>? pending;
    private WorkResult? finished;
    private ManualResetEventSlim? done;
    private volatile bool stopping;

    /// <summary>Start the thread; <paramref name="onStart"/> runs on it first (e.g. to pin it to a processor).</summary>
    public CallerThread(string name, Action? onStart = null)
    {
        thread = new Thread(() =>
        {
            onStart?.Invoke();
            Loop();
        })
        { IsBackground = true, Name = name };
        thread.Start();
    }

    /// <summary>True once a call overran its limit: the thread is stuck and takes no more calls.</summary>
    public bool IsStuck { get; private set; }

    /// <summary>
    /// Run <paramref name="call"/> on the caller thread and wait at most <paramref name="limit"/>. Returns the
    /// call's value, or a result that did not complete when the limit passed first. An exception of the call
    /// is thrown here.
    /// </summary>
    public CallerResult<T> Run<T>(Func<T> call, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (IsStuck)
        {
            throw new InvalidOperationException("the caller thread is stuck in an earlier call that never returned");
        }

        using var signal = new ManualResetEventSlim(false);
        lock (gate)
        {
            pending = () => call();
            finished = null;
            done = signal;
        }

        work.Release();
        if (!signal.Wait(limit))
        {
            lock (gate)
            {
                done = null; // the signal is disposed on return; the stuck call must not set it if it ever returns
            }

            IsStuck = true;
            return new CallerResult<T>(false, default);
        }

        WorkResult result;
        lock (gate)
        {
            result = finished!;
            done = null;
        }

        if (result.Error is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error).Throw();
        }

        return new CallerResult<T>(true, (T)result.Value!);
    }

    private void Loop()
    {
        while (true)
        {
            work.Wait();
            if (stopping)
            {
                return;
            }

            Func<object?> call;
            lock (gate)
            {
                call = pending!;
                pending = null;
            }

            WorkResult result;
            try
            {
                result = new WorkResult(call(), null);
            }
#pragma warning disable CA1031 // handed to the waiting thread, which rethrows it
            catch (Exception error)
#pragma warning restore CA1031
            {
                result = new WorkResult(null, error);
            }

            lock (gate)
            {
                finished = result;
                done?.Set();
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stopping = true;
        work.Release();
        if (!IsStuck)
        {
            thread.Join(TimeSpan.FromSeconds(5));
            work.Dispose();
        }
    }

    private sealed record WorkResult(object? Value, Exception? Error);
}

/// <summary>What <see cref="CallerThread.Run{T}"/> gave back.</summary>
/// <param name="Completed">False when the call overran its limit.</param>
/// <param name="Value">The call's value when it completed.</param>
public readonly record struct CallerResult<T>(bool Completed, T? Value);
