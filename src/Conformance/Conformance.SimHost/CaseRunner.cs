using Conformance.SimHost.Native;
using Conformance.Simulator.Protocol;

namespace Conformance.SimHost;

/// <summary>
/// Runs one case and builds its CaseResult frame in place: SIM_CASE points into the received frame (content,
/// NUL-terminated case id) and the kernel reads the buffers back straight into the outgoing frame, so a case
/// costs no allocation and no copy on this side.
/// </summary>
internal sealed unsafe class CaseRunner(TraceDrain drain)
{
    /// <summary>The trace drain this runner feeds.</summary>
    public TraceDrain Drain => drain;

    /// <summary>
    /// Run <paramref name="call"/>, then <paramref name="liveness"/> if given and the case ran; on return
    /// <paramref name="frame"/> holds exactly its CaseResult frame.
    /// </summary>
    public CaseResultHeader Run(scoped in WireCall call, uint caseIndex, WireWriter frame, LivenessCall? liveness = null)
    {
        frame.Reset();
        frame.BeginFrame(MessageKind.CaseResult);
        int headerOffset = frame.Advance(CaseResultHeader.Size);
        int pointerCount = call.Input.PointerCount + call.Output.PointerCount;
        int pointerOffset = frame.Advance(pointerCount * sizeof(ulong));
        int inputSize = (int)call.Input.Size;
        int outputSize = (int)call.Output.Size;
        int inputOffset = frame.Advance(inputSize);
        int outputOffset = frame.Advance(outputSize);

        SimCaseResult result = default;
        int setupError;
        uint fileAccessesBefore;
        fixed (byte* frameBase = frame.GetSpan(0, frame.Length))
        {
            result.InputAfter = frameBase + inputOffset;
            result.InputAfterCapacity = (uint)inputSize;
            result.OutputAfter = frameBase + outputOffset;
            result.OutputAfterCapacity = (uint)outputSize;
            result.PointerValues = frameBase + pointerOffset; // the kernel writes them straight into the frame
            fileAccessesBefore = SimKernelNative.SimFileAccessCount();
            setupError = Execute(call, &result);
        }

        var flags = setupError == 0 ? (SimResultBits)result.Flags : SimResultBits.None;
        bool inputBack = (flags & SimResultBits.InputReadBack) != 0;
        bool outputBack = (flags & SimResultBits.OutputReadBack) != 0;

        // A case that was not set up wrote no pointer values: none are sent.
        int end = setupError == 0 ? inputOffset : pointerOffset;
        if (inputBack)
        {
            end += inputSize;
        }

        if (outputBack)
        {
            // Close the gap left by an input that was not read back.
            if (end != outputOffset)
            {
                frame.GetSpan(outputOffset, outputSize).CopyTo(frame.GetSpan(end, outputSize));
            }

            end += outputSize;
        }

        frame.Truncate(end);
        drain.DrainInto(call.CaseIdUtf8, frame, out uint eventCount, out uint eventBytes);
        uint accessCount = ReadAccessTrace(frame, flags, out uint accessDropped);
        uint edgeCount = 0;
        ulong edgeSignature = 0;
        // Read before the liveness call, whose dispatch resets the coverage.
        if ((flags & SimResultBits.EdgesTraced) != 0 && SimKernelNative.SimEdgeCoverageRead(&edgeCount, &edgeSignature) == 0)
        {
            flags &= ~SimResultBits.EdgesTraced;
        }

        uint fileAccessCount = DriverNamespace.WriteFileAccessesSince(fileAccessesBefore, frame, ProtocolLimits.MaxFileAccessRecordsPerCase);
        int livenessStatus = 0;
        if (liveness is not null && setupError == 0)
        {
            livenessStatus = CheckLiveness(liveness, out bool alive);
            flags |= SimResultBits.LivenessChecked | (alive ? SimResultBits.None : SimResultBits.DeviceDead);
        }

        var header = new CaseResultHeader
        {
            CaseIndex = caseIndex,
            Status = result.Status,
            Flags = flags,
            SetupError = setupError,
            Information = result.Information,
            InputAddress = result.InputAddress,
            OutputAddress = result.OutputAddress,
            ElapsedNs = result.ElapsedNs,
            TraceEventsLost = drain.LostCount,
            InputAfterLength = inputBack ? (uint)inputSize : CaseResultHeader.NotReadBack,
            OutputAfterLength = outputBack ? (uint)outputSize : CaseResultHeader.NotReadBack,
            EventCount = eventCount,
            EventBytes = eventBytes,
            LivenessStatus = livenessStatus,
            AccessCount = accessCount,
            AccessDropped = accessDropped,
            FileAccessCount = fileAccessCount,
            PointerCount = setupError == 0 ? (uint)pointerCount : 0,
            EdgeCount = edgeCount,
            EdgeSignature = edgeSignature,
        };
        header.Write(frame.GetSpan(headerOffset, CaseResultHeader.Size));
        frame.EndFrame();
        return header;
    }

    // The case's access trace, read straight into the frame after its events (before the liveness call resets it).
    private static uint ReadAccessTrace(WireWriter frame, SimResultBits flags, out uint dropped)
    {
        dropped = 0;
        if ((flags & SimResultBits.AccessTraced) == 0)
        {
            return 0;
        }

        int capacityBytes = (int)ProtocolLimits.MaxAccessRecordsPerCase * UserAccessRecordFormat.RecordSize;
        int start = frame.Advance(capacityBytes);
        uint count;
        ulong lost;
        fixed (byte* records = frame.GetSpan(start, capacityBytes))
        {
            count = SimKernelNative.SimAccessTraceRead(records, ProtocolLimits.MaxAccessRecordsPerCase, &lost);
        }

        frame.Truncate(start + ((int)count * UserAccessRecordFormat.RecordSize));
        dropped = (uint)Math.Min(lost, uint.MaxValue);
        return count;
    }

    // One SimExecuteCase: SIM_CASE points into the call's own bytes (content, NUL-terminated case id); its pointers
    // are copied into native layout on the stack (a handful per case, at most 2 x ProtocolLimits.MaxPointersPerBuffer).
    internal static int Execute(scoped in WireCall call, SimCaseResult* result)
    {
        SimBufferPointer* inputPointers = stackalloc SimBufferPointer[call.Input.PointerCount];
        SimBufferPointer* outputPointers = stackalloc SimBufferPointer[call.Output.PointerCount];
        ToNative(call.Input, inputPointers);
        ToNative(call.Output, outputPointers);
        fixed (byte* caseId = call.CaseIdWithNul)
        fixed (byte* inputContent = call.Input.Content)
        fixed (byte* outputContent = call.Output.Content)
        {
            SimCase simCase = new()
            {
                IoControlCode = call.IoControlCode,
                GrantedAccess = call.GrantedAccess,
                Input = ToNative(call.Input, inputContent, inputPointers),
                Output = ToNative(call.Output, outputContent, outputPointers),
                Racer = new SimRacerSpec
                {
                    Kind = (uint)call.Racer.Kind,
                    Target = (uint)call.Racer.Target,
                    ByteOffset = call.Racer.ByteOffset,
                    Length = call.Racer.Length,
                    PeriodNs = call.Racer.PeriodNs,
                },
                CaseId = caseId,
            };
            return SimKernelNative.SimExecuteCase(&simCase, result);
        }
    }

    // The liveness call's own events are published (EventPipe sees them under its case id) but attached to no case.
    private int CheckLiveness(LivenessCall liveness, out bool alive)
    {
        var call = liveness.Read(out int expectedStatus);
        SimCaseResult result = default;
        int setupError;
        fixed (byte* scratch = liveness.Scratch)
        {
            result.InputAfter = scratch;
            result.InputAfterCapacity = call.Input.Size;
            result.OutputAfter = scratch + call.Input.Size;
            result.OutputAfterCapacity = call.Output.Size;
            setupError = Execute(call, &result);
        }

        drain.DrainInto(call.CaseIdUtf8, null, out _, out _);
        alive = setupError == 0 && result.Status == expectedStatus;
        return result.Status;
    }

    private static SimBufferSpec ToNative(scoped in WireBuffer buffer, byte* content, SimBufferPointer* pointers) => new()
    {
        State = (uint)buffer.State,
        Size = buffer.Size,
        Offset = buffer.Offset,
        DeclaredLength = buffer.DeclaredLength,
        Content = content,
        ContentLength = (uint)buffer.Content.Length,
        FillByte = buffer.FillByte,
        Pointers = pointers,
        PointerCount = (uint)buffer.PointerCount,
    };

    private static void ToNative(scoped in WireBuffer buffer, SimBufferPointer* pointers)
    {
        for (int i = 0; i < buffer.PointerCount; i++)
        {
            var pointer = buffer.PointerAt(i);
            pointers[i] = new SimBufferPointer
            {
                Offset = pointer.Offset,
                Target = (uint)pointer.Target,
                Width = pointer.Width,
                Addend = pointer.Addend,
            };
        }
    }
}
