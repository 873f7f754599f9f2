using System.Diagnostics;
using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// The fuzz loop inside SimHost (docs/fuzz.md): runs the seeds, then mutants of corpus entries (one call or a short
/// sequence of calls), keeps each one that
/// takes a new edge, and reports to the client, which only steers: new entries and suspects as they happen, progress
/// every interval (the client's sign of life), the final counts at the end. The user buffers and freed pool stay
/// mapped for the whole loop (SimKeepMappings), so an exec makes no syscall unless its input asks for a protection.
/// </summary>
internal sealed class HostFuzzLoop(HostConnection connection, WireWriter frame, HelloMessage hello)
{
    private readonly List<IoctlCall[]> _corpus = [];
    private readonly HashSet<(FuzzSuspicion, ulong, uint)> _suspects = [];
    private readonly EdgeMap _edges = new();
    private ulong _execs;
    private long _start;

    public void Run(FuzzLoopRequest request)
    {
        if (request.Seeds.Count == 0 || request.IoControlCodes.Count == 0)
        {
            throw new ProtocolException("A fuzz loop needs at least one seed and one control code.");
        }

        var random = new FuzzRandom(request.Seed);
        var mutator = new FuzzMutator(random, request.IoControlCodes, hello.PoolPoisonByte, hello.StackPoisonByte);
        var sequences = new FuzzSequenceMutator(random, mutator);
        using var executor = new FuzzExecutor(new LastInputFile(request.LastInputPath), _edges, hello.KernelSecret.Span, hello.PoolPoisonByte, request.SlowCall);
        long interval = Math.Max(1, (long)(request.ProgressInterval.TotalSeconds * Stopwatch.Frequency));
        long stopAt = request.Duration <= TimeSpan.Zero ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(request.Duration.TotalSeconds * Stopwatch.Frequency);
        _start = Stopwatch.GetTimestamp();
        long nextReport = _start + interval;
        SimKernelNative.SimKeepMappings(1);
        try
        {
            foreach (var seed in request.Seeds)
            {
                Execute(executor, [mutator.WithoutPoison(seed)], alwaysKeep: true);
            }

            foreach (var sequence in request.SequenceSeeds)
            {
                Execute(executor, [.. sequence.Select(mutator.WithoutPoison)], alwaysKeep: true, keepSequence: true);
            }

            while ((request.MaxExecs == 0 || _execs < request.MaxExecs) && _corpus.Count > 0)
            {
                var child = sequences.Mutate(random.Pick(_corpus), random.Pick(_corpus));
                Execute(executor, child, alwaysKeep: false);
                long now = Stopwatch.GetTimestamp();
                if (now >= nextReport)
                {
                    nextReport = now + interval;
                    Report(FuzzReportKind.Progress, FuzzSuspicion.None, 0, null);
                    if (now >= stopAt || StopRequested())
                    {
                        break;
                    }
                }
            }
        }
        finally
        {
            SimKernelNative.SimKeepMappings(0);
        }

        Report(FuzzReportKind.Done, FuzzSuspicion.None, 0, null);
    }

    private void Execute(FuzzExecutor executor, IoctlCall[] input, bool alwaysKeep, bool keepSequence = false)
    {
        FuzzExec exec;
        try
        {
            exec = executor.Run(input);
        }
        catch (ProtocolException)
        {
            return; // a mutant the protocol refuses (the mutator's bug, not the driver's): skipped, never sent
        }

        _execs++;
        if (exec.SetupError != 0)
        {
            return;
        }

        var suspicion = exec.Suspicion;
        if (exec.NewCoverage || (alwaysKeep && _corpus.Count == 0) || keepSequence)
        {
            _corpus.Add(input);
            Report(FuzzReportKind.NewEntry, FuzzSuspicion.None, exec.EdgeSignature, input);

            // Here a freed pool block stays mapped and poisoned, so a use after free across the calls reads poison instead
            // of faulting: a sequence that takes a new path is replayed with the full special pool, where it faults.
            if (input.Length > 1)
            {
                suspicion |= FuzzSuspicion.SequencePath;
            }
        }

        // One report per kind of trouble on one path of one code: the client judges it, the next thousand alike add nothing.
        if (suspicion != FuzzSuspicion.None && _suspects.Add((suspicion, exec.EdgeSignature, input[^1].IoControlCode)))
        {
            Report(FuzzReportKind.Suspect, suspicion, exec.EdgeSignature, input);
        }
    }

    // A frame from the client during the loop can only be FuzzStop; anything else breaks the protocol.
    private bool StopRequested()
    {
        if (!connection.HasPendingData)
        {
            return false;
        }

        if (!connection.TryReceiveFrame(out var kind, out _))
        {
            return true; // the client is gone: stop, the request loop then ends too
        }

        return kind == MessageKind.FuzzStop
            ? true
            : throw new ProtocolException($"Unexpected message kind {(byte)kind} during a fuzz loop.");
    }

    private void Report(FuzzReportKind kind, FuzzSuspicion suspicion, ulong signature, IoctlCall[]? input)
    {
        frame.Reset();
        new FuzzReport(kind, _execs, Stopwatch.GetElapsedTime(_start), _edges.Count, (uint)_corpus.Count, suspicion, signature, input?[^1])
        {
            Steps = input is null ? [] : input[..^1],
        }.Write(frame);
        connection.Send(frame.WrittenSpan);
    }
}
