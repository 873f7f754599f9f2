using System.Runtime.CompilerServices;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// Proves that managed exceptions still work in a process whose SIGSEGV/SIGFPE handlers now belong to the SEH
/// emulation: a null dereference and an integer division by zero in managed code arrive as signals, and only
/// become NullReferenceException / DivideByZeroException if the native handler chains to the runtime's.
/// </summary>
internal static class HostSelfTest
{
    public static SelfTestReply Run(uint rounds)
    {
        uint thrown = 0;
        uint nullReferences = 0;
        uint divisions = 0;
        for (uint i = 0; i < rounds; i++)
        {
            try
            {
                ThrowManaged(i);
            }
            catch (InvalidOperationException)
            {
                thrown++;
            }

            try
            {
                _ = ReadThroughNull(null);
            }
            catch (NullReferenceException)
            {
                nullReferences++;
            }

            try
            {
                _ = Divide((int)i, 0);
            }
            catch (DivideByZeroException)
            {
                divisions++;
            }

            // The CoreCLR GC suspends threads with a signal of its own; a collection between faults checks
            // that the handler left the signal mask as it found it.
            if (i % 64 == 0)
            {
                GC.Collect();
            }
        }

        string detail = thrown == rounds && nullReferences == rounds && divisions == rounds
            ? string.Empty
            : $"expected {rounds} of each, caught throw={thrown} null={nullReferences} divide={divisions}";
        return new SelfTestReply(rounds, thrown, nullReferences, divisions, detail);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowManaged(uint round) =>
        throw new InvalidOperationException($"self-test round {round}");

    // NoInlining keeps the JIT from proving the null and replacing the load with an explicit throw:
    // the point is a real hardware fault.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int ReadThroughNull(Holder? holder) => holder!.Value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Divide(int dividend, int divisor) => dividend / divisor;

    private sealed class Holder
    {
        public int Value { get; set; } = 1;
    }
}
