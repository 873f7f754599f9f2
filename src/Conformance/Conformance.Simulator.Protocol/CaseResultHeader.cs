using System.Buffers.Binary;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// Fixed part of a CaseResult frame. The variable parts follow in this order: <see cref="PointerCount"/> u64 pointer
/// values (what the kernel wrote for the call's pointers, input's then output's), input bytes after the call,
/// output bytes after the call, then <see cref="EventCount"/> trace records in the native ring's own format
/// (<see cref="SimTraceFormat"/>), so the host forwards them without re-encoding, then <see cref="AccessCount"/>
/// access records (<see cref="UserAccessRecordFormat"/>), then <see cref="FileAccessCount"/> file-access records
/// (<see cref="FileAccessList.WriteRecord"/>): the driver's Zw file calls during the case.
/// </summary>
public readonly record struct CaseResultHeader
{
    /// <summary>Encoded size in bytes.</summary>
    public const int Size = (14 * sizeof(uint)) + (6 * sizeof(ulong));

    /// <summary>Length value meaning "not read back" (the flag is clear).</summary>
    public const uint NotReadBack = uint.MaxValue;

    /// <summary>Index of the case within its batch: the client checks results arrive in order.</summary>
    public uint CaseIndex { get; init; }

    /// <summary>IoStatus.Status.</summary>
    public int Status { get; init; }

    /// <summary>SIM_RESULT_* flags.</summary>
    public SimResultBits Flags { get; init; }

    /// <summary>0, or the negative errno SimExecuteCase returned when the host could not build the buffers.</summary>
    public int SetupError { get; init; }

    /// <summary>IoStatus.Information.</summary>
    public ulong Information { get; init; }

    /// <summary>Input pointer handed to the I/O manager.</summary>
    public ulong InputAddress { get; init; }

    /// <summary>Output pointer handed to the I/O manager.</summary>
    public ulong OutputAddress { get; init; }

    /// <summary>Wall time of the emulated NtDeviceIoControlFile.</summary>
    public ulong ElapsedNs { get; init; }

    /// <summary>Trace events lost since boot (ring overflow plus events over the per-case limit).</summary>
    public ulong TraceEventsLost { get; init; }

    /// <summary>Bytes of input read back, or <see cref="NotReadBack"/>.</summary>
    public uint InputAfterLength { get; init; }

    /// <summary>Bytes of output read back, or <see cref="NotReadBack"/>.</summary>
    public uint OutputAfterLength { get; init; }

    /// <summary>Number of trace records that follow.</summary>
    public uint EventCount { get; init; }

    /// <summary>Bytes of trace records that follow.</summary>
    public uint EventBytes { get; init; }

    /// <summary>Status of the liveness call after the case, when <see cref="SimResultBits.LivenessChecked"/> is set.</summary>
    public int LivenessStatus { get; init; }

    /// <summary>Number of access records that follow the trace records.</summary>
    public uint AccessCount { get; init; }

    /// <summary>Touches of user memory the access trace could not hold (it keeps the first ones).</summary>
    public uint AccessDropped { get; init; }

    /// <summary>Number of u64 pointer values that follow the header: the call's pointers, or 0 when it was not set up.</summary>
    public uint PointerCount { get; init; }

    /// <summary>Number of file-access records (the driver's Zw file calls during the case) after the access records.</summary>
    public uint FileAccessCount { get; init; }

    /// <summary>Distinct driver edges the dispatch took (with <see cref="SimResultBits.EdgesTraced"/>; otherwise 0).</summary>
    public uint EdgeCount { get; init; }

    /// <summary>Hash of the set of driver edges the dispatch took: two calls down the same path have the same one.</summary>
    public ulong EdgeSignature { get; init; }

    /// <summary>Write the header into exactly <see cref="Size"/> bytes.</summary>
    public void Write(Span<byte> target)
    {
        if (target.Length < Size)
        {
            throw new ArgumentException($"Need {Size} bytes.", nameof(target));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(target, CaseIndex);
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], Status);
        BinaryPrimitives.WriteUInt32LittleEndian(target[8..], (uint)Flags);
        BinaryPrimitives.WriteInt32LittleEndian(target[12..], SetupError);
        BinaryPrimitives.WriteUInt64LittleEndian(target[16..], Information);
        BinaryPrimitives.WriteUInt64LittleEndian(target[24..], InputAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(target[32..], OutputAddress);
        BinaryPrimitives.WriteUInt64LittleEndian(target[40..], ElapsedNs);
        BinaryPrimitives.WriteUInt64LittleEndian(target[48..], TraceEventsLost);
        BinaryPrimitives.WriteUInt32LittleEndian(target[56..], InputAfterLength);
        BinaryPrimitives.WriteUInt32LittleEndian(target[60..], OutputAfterLength);
        BinaryPrimitives.WriteUInt32LittleEndian(target[64..], EventCount);
        BinaryPrimitives.WriteUInt32LittleEndian(target[68..], EventBytes);
        BinaryPrimitives.WriteInt32LittleEndian(target[72..], LivenessStatus);
        BinaryPrimitives.WriteUInt32LittleEndian(target[76..], AccessCount);
        BinaryPrimitives.WriteUInt32LittleEndian(target[80..], AccessDropped);
        BinaryPrimitives.WriteUInt32LittleEndian(target[84..], PointerCount);
        BinaryPrimitives.WriteUInt32LittleEndian(target[88..], FileAccessCount);
        BinaryPrimitives.WriteUInt32LittleEndian(target[92..], EdgeCount);
        BinaryPrimitives.WriteUInt64LittleEndian(target[96..], EdgeSignature);
    }

    /// <summary>Read a header from its <see cref="Size"/> bytes.</summary>
    public static CaseResultHeader Read(ref WireReader reader)
    {
        var bytes = reader.ReadBytes(Size);
        return new CaseResultHeader
        {
            CaseIndex = BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            Status = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]),
            Flags = (SimResultBits)BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            SetupError = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]),
            Information = BinaryPrimitives.ReadUInt64LittleEndian(bytes[16..]),
            InputAddress = BinaryPrimitives.ReadUInt64LittleEndian(bytes[24..]),
            OutputAddress = BinaryPrimitives.ReadUInt64LittleEndian(bytes[32..]),
            ElapsedNs = BinaryPrimitives.ReadUInt64LittleEndian(bytes[40..]),
            TraceEventsLost = BinaryPrimitives.ReadUInt64LittleEndian(bytes[48..]),
            InputAfterLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[56..]),
            OutputAfterLength = BinaryPrimitives.ReadUInt32LittleEndian(bytes[60..]),
            EventCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[64..]),
            EventBytes = BinaryPrimitives.ReadUInt32LittleEndian(bytes[68..]),
            LivenessStatus = BinaryPrimitives.ReadInt32LittleEndian(bytes[72..]),
            AccessCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[76..]),
            AccessDropped = BinaryPrimitives.ReadUInt32LittleEndian(bytes[80..]),
            PointerCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[84..]),
            FileAccessCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[88..]),
            EdgeCount = BinaryPrimitives.ReadUInt32LittleEndian(bytes[92..]),
            EdgeSignature = BinaryPrimitives.ReadUInt64LittleEndian(bytes[96..]),
        };
    }
}
