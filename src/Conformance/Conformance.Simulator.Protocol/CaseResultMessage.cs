using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>A decoded CaseResult frame, with copies of the bytes (the receive buffer is reused).</summary>
/// <param name="Header">The fixed fields.</param>
/// <param name="PointerValues">What the kernel wrote for each pointer of the call (input's, then output's); empty when none.</param>
/// <param name="InputAfter">Input bytes after the call, or null when not read back.</param>
/// <param name="OutputAfter">Output bytes after the call, or null when not read back.</param>
/// <param name="Events">The driver's trace events for this case, in ring order.</param>
/// <param name="Accesses">The driver's touches of user memory during the case, in order.</param>
public sealed record CaseResult(
    CaseResultHeader Header,
    IReadOnlyList<ulong> PointerValues,
    byte[]? InputAfter,
    byte[]? OutputAfter,
    IReadOnlyList<TraceEventRecord> Events,
    IReadOnlyList<UserAccessRecord> Accesses)
{
    /// <summary>The driver's Zw file calls during the case, in order.</summary>
    public IReadOnlyList<FileAccessRecord> FileAccesses { get; init; } = [];
}

/// <summary>CaseResult (host to client): <see cref="CaseResultHeader"/>, pointer values, input bytes, output bytes, trace records, access records, file-access records.</summary>
public static class CaseResultMessage
{
    /// <summary>
    /// Write a whole CaseResult frame. SimHost builds the same layout in place instead (the kernel reads the
    /// buffers back straight into the frame); both go through <see cref="CaseResultHeader"/>.
    /// </summary>
    public static void Write(WireWriter writer, CaseResultHeader header, ReadOnlySpan<byte> inputAfter, ReadOnlySpan<byte> outputAfter, ReadOnlySpan<byte> eventRecords, ReadOnlySpan<byte> accessRecords = default, ReadOnlySpan<ulong> pointerValues = default, IReadOnlyList<FileAccessRecord>? fileAccesses = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.CaseResult);
        int headerOffset = writer.Advance(CaseResultHeader.Size);
        foreach (ulong value in pointerValues)
        {
            writer.WriteUInt64(value);
        }

        header = header with
        {
            PointerCount = (uint)pointerValues.Length,
            InputAfterLength = header.InputAfterLength == CaseResultHeader.NotReadBack ? CaseResultHeader.NotReadBack : (uint)inputAfter.Length,
            OutputAfterLength = header.OutputAfterLength == CaseResultHeader.NotReadBack ? CaseResultHeader.NotReadBack : (uint)outputAfter.Length,
            EventBytes = (uint)eventRecords.Length,
            AccessCount = (uint)(accessRecords.Length / UserAccessRecordFormat.RecordSize),
            FileAccessCount = (uint)(fileAccesses?.Count ?? 0),
        };
        if (header.InputAfterLength != CaseResultHeader.NotReadBack)
        {
            writer.WriteBytes(inputAfter);
        }

        if (header.OutputAfterLength != CaseResultHeader.NotReadBack)
        {
            writer.WriteBytes(outputAfter);
        }

        writer.WriteBytes(eventRecords);
        writer.WriteBytes(accessRecords);
        foreach (var record in fileAccesses ?? [])
        {
            FileAccessList.WriteRecord(writer, record);
        }

        header.Write(writer.GetSpan(headerOffset, CaseResultHeader.Size));
        writer.EndFrame();
    }

    /// <summary>Decode a CaseResult payload.</summary>
    public static CaseResult Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var header = CaseResultHeader.Read(ref reader);
        if (header.PointerCount > 2 * ProtocolLimits.MaxPointersPerBuffer)
        {
            throw new ProtocolException($"{header.PointerCount} pointer values exceed the limit of {2 * ProtocolLimits.MaxPointersPerBuffer}.");
        }

        var pointerValues = new ulong[header.PointerCount];
        for (int i = 0; i < pointerValues.Length; i++)
        {
            pointerValues[i] = reader.ReadUInt64();
        }

        byte[]? input = ReadOptional(ref reader, header.InputAfterLength);
        byte[]? output = ReadOptional(ref reader, header.OutputAfterLength);
        var eventBytes = reader.ReadBytes(checked((int)header.EventBytes));
        if (header.AccessCount > ProtocolLimits.MaxAccessRecordsPerCase)
        {
            throw new ProtocolException($"{header.AccessCount} access records exceed the limit of {ProtocolLimits.MaxAccessRecordsPerCase}.");
        }

        var accessBytes = reader.ReadBytes((int)header.AccessCount * UserAccessRecordFormat.RecordSize);
        if (header.FileAccessCount > ProtocolLimits.MaxFileAccessRecordsPerCase)
        {
            throw new ProtocolException($"{header.FileAccessCount} file-access records exceed the limit of {ProtocolLimits.MaxFileAccessRecordsPerCase}.");
        }

        var fileAccesses = new FileAccessRecord[header.FileAccessCount];
        for (int i = 0; i < fileAccesses.Length; i++)
        {
            fileAccesses[i] = FileAccessList.ReadRecord(ref reader);
        }

        reader.EnsureEnd();
        var events = SimTraceFormat.DecodeAll(eventBytes, header.EventCount);
        return new CaseResult(header, pointerValues, input, output, events, UserAccessRecordFormat.DecodeAll(accessBytes, header.AccessCount))
        {
            FileAccesses = fileAccesses,
        };
    }

    private static byte[]? ReadOptional(ref WireReader reader, uint length)
    {
        if (length == CaseResultHeader.NotReadBack)
        {
            return null;
        }

        if (length > ProtocolLimits.MaxBufferBytes)
        {
            throw new ProtocolException($"Read-back of {length} bytes exceeds the buffer limit of {ProtocolLimits.MaxBufferBytes} bytes.");
        }

        return reader.ReadBytes((int)length).ToArray();
    }
}
