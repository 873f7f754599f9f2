using System.Diagnostics;
using System.Runtime.Versioning;
using Conformance.Targets.Windows.Native;

namespace Conformance.Targets.Windows;

/// <summary>
/// The racer of one call: a thread pinned to another processor than the caller's, spinning (no sleep: a sleep is
/// ~1 ms or more, far longer than a double fetch's window) through its period and flipping bytes or page
/// protection of a buffer while the call is in flight. NOT YET RUN ON WINDOWS.
/// </summary>
[SupportedOSPlatform("windows")]
internal sealed class WindowsRacer : IDisposable
{
    private readonly Thread thread;
    private readonly ManualResetEventSlim spinning = new(false);
    private volatile bool running = true;

    private WindowsRacer(RacerSpec spec, UserBuffer buffer, int processor)
    {
        thread = new Thread(() => Race(spec, buffer, processor)) { IsBackground = true, Name = "racer" };
        thread.Start();
        // The call is fired only once the racer runs on its processor: creating and moving a thread takes longer
        // than many IOCTLs, and a racer that starts after the call returned races nothing.
        spinning.Wait();
    }

    /// <summary>Start a racer for <paramref name="spec"/>, or none.</summary>
    public static WindowsRacer? Start(RacerSpec spec, UserBuffer input, UserBuffer output, int processor) =>
        spec.Kind == RacerKind.None ? null : new WindowsRacer(spec, spec.Target == RacerTarget.Input ? input : output, processor);

    private void Race(RacerSpec spec, UserBuffer buffer, int processor)
    {
        _ = WindowsProcessors.PinCurrentThread(processor);
        spinning.Set();
        long period = spec.PeriodNs * Stopwatch.Frequency / 1_000_000_000;
        bool accessible = true;
        while (running)
        {
            if (spec.Kind == RacerKind.FlipBytes)
            {
                Flip(spec, buffer);
            }
            else
            {
                accessible = !accessible;
                UserRegion.Protect(buffer, accessible);
            }

            for (long until = Stopwatch.GetTimestamp() + period; Stopwatch.GetTimestamp() < until && running;)
            {
                Thread.SpinWait(1);
            }
        }

        if (!accessible)
        {
            UserRegion.Protect(buffer, accessible: true); // leave the buffer as the case made it
        }
    }

    private static unsafe void Flip(RacerSpec spec, UserBuffer buffer)
    {
        if (buffer.Plan.Kind != PointerKind.User || buffer.Plan.Protection != PageProtection.ReadWrite || buffer.Plan.Decommit)
        {
            return; // only writable user memory can be flipped from here
        }

        uint end = Math.Min(spec.ByteOffset + spec.Length, buffer.Spec.Size);
        byte* bytes = (byte*)buffer.Pointer;
        for (uint i = spec.ByteOffset; i < end; i++)
        {
            bytes[i] ^= 0xFF;
        }
    }

    /// <summary>Stop and wait for the racer.</summary>
    public void Dispose()
    {
        running = false;
        thread.Join();
        spinning.Dispose();
    }
}

/// <summary>Which processor the caller and the racer run on.</summary>
[SupportedOSPlatform("windows")]
internal static class WindowsProcessors
{
    /// <summary>The caller thread's processor.</summary>
    public const int Caller = 0;

    /// <summary>The racer's processor: another one when there is another one.</summary>
    public static int Racer => Environment.ProcessorCount > 1 ? 1 : 0;

    /// <summary>
    /// Pin the calling thread to <paramref name="processor"/> (up to 64 processors: one affinity group). When the
    /// process may not run there (its own affinity excludes it), the thread stays unpinned: the race is then less
    /// likely, not wrong.
    /// </summary>
    public static bool PinCurrentThread(int processor) =>
        Kernel32.SetThreadAffinityMask(Kernel32.GetCurrentThread(), (nuint)1 << processor) != 0;
}
