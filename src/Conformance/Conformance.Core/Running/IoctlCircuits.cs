using Conformance.Targets;
using Polly;
using Polly.CircuitBreaker;

namespace Conformance.Running;

/// <summary>
/// One Polly circuit breaker per IOCTL: an IOCTL that crashes the machine on every case stops
/// being fired and the rest of its cases are reported as blocked (DESIGN.md section 8).
/// Each judged outcome is passed through the IOCTL's pipeline so the breaker sees it.
/// </summary>
public sealed class IoctlCircuits(int crashesBeforeBlocking)
{
    private readonly Dictionary<uint, (ResiliencePipeline<CallOutcome> Pipeline, CircuitBreakerStateProvider State)> circuits = [];

    /// <summary>Whether cases of this IOCTL may still be fired.</summary>
    public bool IsOpen(uint ioControlCode) =>
        circuits.TryGetValue(ioControlCode, out var circuit) && circuit.State.CircuitState == CircuitState.Open;

    /// <summary>Feed one outcome to the IOCTL's breaker.</summary>
    public void Record(uint ioControlCode, CallOutcome outcome)
    {
        if (!circuits.TryGetValue(ioControlCode, out var circuit))
        {
            circuit = Create();
            circuits[ioControlCode] = circuit;
        }

        if (circuit.State.CircuitState == CircuitState.Open)
        {
            return;
        }

        circuit.Pipeline.Execute(static state => state, outcome);
    }

    private (ResiliencePipeline<CallOutcome>, CircuitBreakerStateProvider) Create()
    {
        var state = new CircuitBreakerStateProvider();
        var pipeline = new ResiliencePipelineBuilder<CallOutcome>()
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<CallOutcome>
            {
                // Every one of the last N outcomes a crash: open for the rest of the run. A call lost with its machine
                // counts (on a real machine that is how a crash shows after the reboot); a host lost to its own
                // fault (SimHost could not build a call, an unreadable reply) is not the IOCTL's doing.
                FailureRatio = 1.0,
                MinimumThroughput = Math.Max(2, crashesBeforeBlocking),
                SamplingDuration = TimeSpan.FromDays(1),
                BreakDuration = TimeSpan.FromDays(1),
                StateProvider = state,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Result is { End: CallEnd.Bugcheck or CallEnd.Hang or CallEnd.MachineLost }),
            })
            .Build();
        return (pipeline, state);
    }
}
