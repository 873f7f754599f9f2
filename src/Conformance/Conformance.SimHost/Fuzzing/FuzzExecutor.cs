using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;
using Conformance.Scenarios;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.SimHost.Fuzzing;

/// <summary>What one exec left behind that the loop needs.</summary>
internal readonly record struct FuzzExec(int SetupError, bool NewCoverage, FuzzSuspicion Suspicion, ulong EdgeSignature);

/// <summary>
/// Runs one fuzz input, one call or a short sequence: encodes it once (the bytes go to the last-input file and, for one
/// call, are the view SimExecuteCase reads),
/// runs it, discards its events, merges its edges and looks at what it left for the triggers of the engine's
/// judgements (<see cref="FuzzSuspicion"/>). Everything is read into pinned arrays made once.
/// </summary>
internal sealed unsafe class FuzzExecutor : IDisposable
{
    private const int AccessRecordBytes = 24; // SIM_ACCESS_RECORD
    private const uint AccessWrite = 0x1, AccessInTry = 0x2, AccessProbed = 0x4;
    private const int DoubleFetchWindow = 64; // reads compared pairwise for a double fetch

    private readonly WireWriter _encoded = new(64 * 1024);
    private readonly WireWriter _callEncoded = new(64 * 1024);
    private readonly byte[] _inputAfter = GC.AllocateUninitializedArray<byte>(ProtocolLimits.MaxBufferBytes, pinned: true);
    private readonly byte[] _outputAfter = GC.AllocateUninitializedArray<byte>(ProtocolLimits.MaxBufferBytes, pinned: true);
    private readonly ulong[] _pointerValues = GC.AllocateUninitializedArray<ulong>(2 * ProtocolLimits.MaxPointersPerBuffer, pinned: true);
    private readonly byte[] _accesses = GC.AllocateUninitializedArray<byte>((int)ProtocolLimits.MaxAccessRecordsPerCase * AccessRecordBytes, pinned: true);
    private readonly ushort[] _slots = GC.AllocateUninitializedArray<ushort>(EdgeMap.Slots, pinned: true);
    private readonly byte[] _hits = GC.AllocateUninitializedArray<byte>(EdgeMap.Slots, pinned: true);
    private readonly byte[] _events = GC.AllocateUninitializedArray<byte>(256 * 1024, pinned: true);
    private readonly LastInputFile _lastInput;
    private readonly EdgeMap _edges;
    private readonly HashSet<ulong> _secretWindows;
    private readonly byte _poison;
    private readonly ulong _slowNs;
    private bool _inputReadBack, _outputReadBack;

    public FuzzExecutor(LastInputFile lastInput, EdgeMap edges, ReadOnlySpan<byte> kernelSecret, byte poolPoison, TimeSpan slowCall)
    {
        _lastInput = lastInput;
        _edges = edges;
        _secretWindows = BufferComparison.SecretWindows(kernelSecret);
        _poison = poolPoison;
        _slowNs = (ulong)slowCall.Ticks * 100;
    }

    /// <summary>
    /// Run one input: its calls in order on the device, each call's copies filled from what the earlier ones left in
    /// their buffers. The edges of every call count; the suspicions of all are joined; a call the host cannot set up ends
    /// the input there.
    /// </summary>
    public FuzzExec Run(IReadOnlyList<IoctlCall> calls)
    {
        _encoded.Reset();
        FuzzSequenceCodec.Write(_encoded, calls);
        _lastInput.Write(_encoded.WrittenSpan);
        if (calls.Count == 1)
        {
            // The common case: the call's own encoding sits after the count byte, ready for the simulator to read.
            return RunCall(calls[0], _encoded.WrittenSpan[1..]);
        }

        var returned = new (byte[]? Input, byte[]? Output)[calls.Count];
        var joined = default(FuzzExec);
        for (int i = 0; i < calls.Count; i++)
        {
            var call = i == 0 ? calls[0] : Filled(calls[i], returned);
            _callEncoded.Reset();
            IoctlCallCodec.Write(_callEncoded, call);
            var exec = RunCall(call, _callEncoded.WrittenSpan);
            if (exec.SetupError != 0)
            {
                return i == 0 ? exec : joined;
            }

            joined = new FuzzExec(0, joined.NewCoverage | exec.NewCoverage, joined.Suspicion | exec.Suspicion,
                i == 0 ? exec.EdgeSignature : (joined.EdgeSignature * 0x100000001B3ul) ^ exec.EdgeSignature);
            if (i < calls.Count - 1)
            {
                returned[i] = (_inputReadBack ? _inputAfter.AsSpan(0, (int)call.Input.Size).ToArray() : null,
                    _outputReadBack ? _outputAfter.AsSpan(0, (int)call.Output.Size).ToArray() : null);
            }
        }

        return joined;
    }

    // The call with its copies' bytes in its contents, as the engine's StepCopies fills a step's; a copy from a buffer
    // that did not come back keeps the content's bytes.
    private static IoctlCall Filled(IoctlCall call, (byte[]? Input, byte[]? Output)[] returned)
    {
        return call.Input.Copies.Count + call.Output.Copies.Count == 0 ? call
            : call with { Input = Filled(call.Input, returned), Output = Filled(call.Output, returned) };
    }

    private static BufferSpec Filled(BufferSpec buffer, (byte[]? Input, byte[]? Output)[] returned)
    {
        if (buffer.Copies.Count == 0)
        {
            return buffer;
        }

        var bytes = buffer.InitialBytes();
        foreach (var copy in buffer.Copies)
        {
            var (input, output) = returned[FuzzSequenceCodec.StepIndex(copy.Step)];
            var source = copy.From == StepBuffer.Output ? output : input;
            if (source is not null && copy.SourceOffset + (ulong)copy.Size <= (ulong)source.Length && copy.End <= (ulong)bytes.Length)
            {
                source.AsSpan((int)copy.SourceOffset, (int)copy.Size).CopyTo(bytes.AsSpan((int)copy.Offset));
            }
        }

        return buffer with { Content = bytes };
    }

    private FuzzExec RunCall(IoctlCall call, ReadOnlySpan<byte> encoded)
    {
        var reader = new WireReader(encoded);
        var wire = IoctlCallCodec.Read(ref reader);

        SimCaseResult result = default;
        int setupError;
        fixed (byte* input = _inputAfter)
        fixed (byte* output = _outputAfter)
        fixed (ulong* pointers = _pointerValues)
        {
            result.InputAfter = input;
            result.InputAfterCapacity = (uint)_inputAfter.Length;
            result.OutputAfter = output;
            result.OutputAfterCapacity = (uint)_outputAfter.Length;
            result.PointerValues = (byte*)pointers;
            setupError = CaseRunner.Execute(wire, &result);
        }

        DiscardEvents();
        if (setupError != 0)
        {
            return new FuzzExec(setupError, false, FuzzSuspicion.None, 0);
        }

        var flags = (SimResultBits)result.Flags;
        _inputReadBack = (flags & SimResultBits.InputReadBack) != 0;
        _outputReadBack = (flags & SimResultBits.OutputReadBack) != 0;
        bool fresh = false;
        ulong signature = 0;
        if ((flags & SimResultBits.EdgesTraced) != 0)
        {
            uint count;
            fixed (ushort* slots = _slots)
            fixed (byte* hits = _hits)
            {
                count = SimKernelNative.SimEdgeCoverageEdges(slots, hits, (uint)_slots.Length);
                uint edgeCount;
                _ = SimKernelNative.SimEdgeCoverageRead(&edgeCount, &signature);
            }

            fresh = _edges.Merge(_slots.AsSpan(0, (int)count), _hits.AsSpan(0, (int)count));
        }

        return new FuzzExec(0, fresh, Triage(call, in result, flags), signature);
    }

    private void DiscardEvents()
    {
        fixed (byte* events = _events)
        {
            while (SimKernelNative.SimTraceDrain(events, (uint)_events.Length) != 0)
            {
            }
        }
    }

    private FuzzSuspicion Triage(IoctlCall call, in SimCaseResult result, SimResultBits flags)
    {
        var suspicion = FuzzSuspicion.None;
        if ((flags & SimResultBits.CanaryIntact) == 0)
        {
            suspicion |= FuzzSuspicion.KernelPageChanged;
        }

        if ((flags & SimResultBits.IrpNotCompleted) != 0)
        {
            suspicion |= FuzzSuspicion.IrpNotCompleted;
        }

        if (result.ElapsedNs > _slowNs)
        {
            suspicion |= FuzzSuspicion.Slow;
        }

        int inputPointers = call.Input.Pointers.Count;
        int outputPointers = call.Output.Pointers.Count;
        if ((flags & SimResultBits.InputReadBack) != 0)
        {
            var before = call.Input.InitialBytes(_pointerValues.AsSpan(0, inputPointers));
            var after = _inputAfter.AsSpan(0, (int)call.Input.Size);
            if (!after.SequenceEqual(before))
            {
                suspicion |= FuzzSuspicion.InputChanged | Leaks(before, after);
            }
        }

        if ((flags & SimResultBits.OutputReadBack) != 0)
        {
            var before = call.Output.InitialBytes(_pointerValues.AsSpan(inputPointers, outputPointers));
            var after = _outputAfter.AsSpan(0, (int)call.Output.Size);
            if (!after.SequenceEqual(before))
            {
                int written = (flags & SimResultBits.InformationObserved) != 0 ? (int)Math.Min(result.Information, call.Output.Size) : 0;
                if (BufferComparison.FirstChangeFrom(before, after, written) >= 0)
                {
                    suspicion |= FuzzSuspicion.OutputPastInformation;
                }

                suspicion |= Leaks(before, after);
            }
        }

        if ((flags & SimResultBits.AccessTraced) != 0)
        {
            suspicion |= AccessSuspicion(new ControlCode(call.IoControlCode).Method == TransferMethod.Neither);
        }

        return suspicion;
    }

    private FuzzSuspicion Leaks(ReadOnlySpan<byte> before, ReadOnlySpan<byte> after)
    {
        var suspicion = FuzzSuspicion.None;
        if (BufferComparison.FindNewPoisonRun(before, after, _poison) >= 0)
        {
            suspicion |= FuzzSuspicion.PoisonInBuffer;
        }

        if (BufferComparison.FindSecret(before, after, _secretWindows) >= 0)
        {
            suspicion |= FuzzSuspicion.SecretInBuffer;
        }

        return suspicion;
    }

    private FuzzSuspicion AccessSuspicion(bool neither)
    {
        uint count;
        ulong dropped;
        fixed (byte* native = _accesses)
        {
            count = SimKernelNative.SimAccessTraceRead(native, ProtocolLimits.MaxAccessRecordsPerCase, &dropped);
        }

        if (count == 0)
        {
            return FuzzSuspicion.None;
        }

        if (!neither)
        {
            return FuzzSuspicion.UnexpectedUserTouch;
        }

        var suspicion = FuzzSuspicion.None;
        var records = _accesses.AsSpan(0, (int)count * AccessRecordBytes);
        int reads = Math.Min((int)count, DoubleFetchWindow);
        for (int i = 0; i < count; i++)
        {
            var (address, size, flags) = Record(records, i);
            if ((flags & AccessProbed) == 0)
            {
                suspicion |= FuzzSuspicion.UnprobedTouch;
            }

            if ((flags & AccessInTry) == 0)
            {
                suspicion |= FuzzSuspicion.TouchOutsideTry;
            }

            if (i >= reads || (flags & AccessWrite) != 0)
            {
                continue;
            }

            for (int j = 0; j < i; j++)
            {
                var (earlier, earlierSize, earlierFlags) = Record(records, j);
                if ((earlierFlags & AccessWrite) == 0 && address < earlier + earlierSize && earlier < address + size)
                {
                    suspicion |= FuzzSuspicion.DoubleFetch;
                }
            }
        }

        return suspicion;
    }

    private static (ulong Address, ulong Size, uint Flags) Record(ReadOnlySpan<byte> records, int index)
    {
        var record = records.Slice(index * AccessRecordBytes, AccessRecordBytes);
        return (System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(record),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record[16..]),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(record[20..]));
    }

    public void Dispose() => _lastInput.Dispose();
}
