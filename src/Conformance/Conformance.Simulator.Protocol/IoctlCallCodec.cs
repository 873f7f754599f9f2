using System.Text;
using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// The one definition of how an <see cref="IoctlCall"/> is laid out on the wire:
/// case id (u16 length, UTF-8, NUL), u32 control code, u32 granted access, input buffer, output buffer, racer.
/// A buffer is u8 state, u8 fill byte, u32 size, u32 offset, u32 declared length, u32 content length, content,
/// u16 pointer count, pointers (<see cref="PointerRecordFormat"/>).
/// A racer is u8 kind, u8 target, u32 byte offset, u32 length, u32 period in ns.
/// </summary>
public static class IoctlCallCodec
{
    private const int FixedBufferBytes = 2 + (4 * sizeof(uint)) + sizeof(ushort);
    private const int FixedRacerBytes = 2 + (3 * sizeof(uint));
    private const int FixedCallBytes = sizeof(ushort) + 1 + (2 * sizeof(uint)) + (2 * FixedBufferBytes) + FixedRacerBytes;

    /// <summary>Bytes <see cref="Write"/> will produce for <paramref name="call"/> (to split large batches).</summary>
    public static long EncodedSize(IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return FixedCallBytes + Encoding.UTF8.GetByteCount(call.CaseId) + ContentOf(call.Input).Length + ContentOf(call.Output).Length
            + ((long)(call.Input.Pointers.Count + call.Output.Pointers.Count) * PointerRecordFormat.RecordSize);
    }

    /// <summary>
    /// Check that SimHost can run <paramref name="call"/> as given: sizes within limits, known enum values, and a
    /// case id that survives the trip into C. Called before anything is sent, so a bad call never half-sends a batch.
    /// </summary>
    /// <exception cref="ProtocolException">What is wrong, in words.</exception>
    public static void Validate(IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        CheckCaseId(call.CaseId);
        CheckBuffer(call.Input, "input");
        CheckBuffer(call.Output, "output");
        var racer = call.Racer ?? RacerSpec.None;
        if (!Enum.IsDefined(racer.Kind) || !Enum.IsDefined(racer.Target))
        {
            throw new ProtocolException($"Unknown racer kind {(int)racer.Kind} or target {(int)racer.Target}.");
        }
    }

    /// <summary>Check a case id: UTF-8 length within <see cref="ProtocolLimits.MaxCaseIdBytes"/> and no NUL.</summary>
    /// <exception cref="ProtocolException">What is wrong, in words.</exception>
    public static void CheckCaseId(string caseId)
    {
        ArgumentNullException.ThrowIfNull(caseId);
        if (caseId.Contains('\0', StringComparison.Ordinal))
        {
            throw new ProtocolException("A case id must not contain NUL: the bugcheck record is a C string.");
        }

        int byteCount = Encoding.UTF8.GetByteCount(caseId);
        if (byteCount > ProtocolLimits.MaxCaseIdBytes)
        {
            throw new ProtocolException($"Case id of {byteCount} UTF-8 bytes exceeds the limit of {ProtocolLimits.MaxCaseIdBytes} bytes.");
        }
    }

    /// <summary>Append <paramref name="call"/> to <paramref name="writer"/>.</summary>
    /// <exception cref="ProtocolException">A size or enum value the host could not honour (see <see cref="Validate"/>).</exception>
    public static void Write(WireWriter writer, IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Validate(call);
        writer.WriteCaseId(call.CaseId);
        writer.WriteUInt32(call.IoControlCode);
        writer.WriteUInt32(call.GrantedAccess);
        WriteBuffer(writer, call.Input);
        WriteBuffer(writer, call.Output);
        WriteRacer(writer, call.Racer ?? RacerSpec.None);
    }

    /// <summary>Read one call as a view into the frame.</summary>
    public static WireCall Read(scoped ref WireReader reader)
    {
        var caseId = reader.ReadCaseIdWithNul();
        uint code = reader.ReadUInt32();
        uint access = reader.ReadUInt32();
        var input = ReadBuffer(ref reader, "input");
        var output = ReadBuffer(ref reader, "output");
        var racer = ReadRacer(ref reader);
        return new WireCall(caseId, code, access, input, output, racer);
    }

    // Content past Size is never sent: BufferSpec.InitialBytes ignores it too.
    private static ReadOnlySpan<byte> ContentOf(BufferSpec buffer) =>
        buffer.Content.Span[..(int)Math.Min((uint)buffer.Content.Length, buffer.Size)];

    private static void CheckBuffer(BufferSpec buffer, string which)
    {
        ArgumentNullException.ThrowIfNull(buffer, which);
        if (buffer.Size > ProtocolLimits.MaxBufferBytes)
        {
            throw new ProtocolException($"The {which} buffer of {buffer.Size} bytes exceeds the simulator limit of {ProtocolLimits.MaxBufferBytes} bytes.");
        }

        if (buffer.Offset >= BufferSpec.PageSize)
        {
            // Refused here, before anything is sent: SimHost would refuse it too, after the batch had started.
            throw new ProtocolException($"The {which} buffer offset {buffer.Offset} is not inside a page (0..{BufferSpec.PageSize - 1}).");
        }

        if (!Enum.IsDefined(buffer.State))
        {
            throw new ProtocolException($"The {which} buffer has an unknown memory state {(int)buffer.State}.");
        }

        if (buffer.Pointers.Count > ProtocolLimits.MaxPointersPerBuffer)
        {
            throw new ProtocolException($"The {which} buffer carries {buffer.Pointers.Count} pointers, more than the limit of {ProtocolLimits.MaxPointersPerBuffer}.");
        }

        foreach (var pointer in buffer.Pointers)
        {
            PointerRecordFormat.Check(pointer, buffer.Size, which);
        }
    }

    private static void WriteBuffer(WireWriter writer, BufferSpec buffer)
    {
        var content = ContentOf(buffer);
        writer.WriteByte((byte)buffer.State);
        writer.WriteByte(buffer.FillByte);
        writer.WriteUInt32(buffer.Size);
        writer.WriteUInt32(buffer.Offset);
        writer.WriteUInt32(buffer.DeclaredLength);
        writer.WriteSizedBytes(content);
        writer.WriteUInt16((ushort)buffer.Pointers.Count);
        foreach (var pointer in buffer.Pointers)
        {
            PointerRecordFormat.Write(writer, pointer);
        }
    }

    private static WireBuffer ReadBuffer(scoped ref WireReader reader, string which)
    {
        var state = (BufferMemoryState)reader.ReadByte();
        if (!Enum.IsDefined(state))
        {
            throw new ProtocolException($"The {which} buffer has an unknown memory state {(int)state}.");
        }

        byte fill = reader.ReadByte();
        uint size = reader.ReadUInt32();
        uint offset = reader.ReadUInt32();
        uint declared = reader.ReadUInt32();
        if (size > ProtocolLimits.MaxBufferBytes)
        {
            throw new ProtocolException($"The {which} buffer of {size} bytes exceeds the simulator limit of {ProtocolLimits.MaxBufferBytes} bytes.");
        }

        var content = reader.ReadSizedBytes((int)size);
        ushort pointerCount = reader.ReadUInt16();
        if (pointerCount > ProtocolLimits.MaxPointersPerBuffer)
        {
            throw new ProtocolException($"The {which} buffer carries {pointerCount} pointers, more than the limit of {ProtocolLimits.MaxPointersPerBuffer}.");
        }

        var pointers = reader.ReadBytes(pointerCount * PointerRecordFormat.RecordSize);
        for (int i = 0; i < pointerCount; i++)
        {
            PointerRecordFormat.Check(PointerRecordFormat.Read(pointers[(i * PointerRecordFormat.RecordSize)..]), size, which);
        }

        return new WireBuffer(state, size, offset, declared, fill, content) { PointerRecords = pointers };
    }

    private static void WriteRacer(WireWriter writer, RacerSpec racer)
    {
        writer.WriteByte((byte)racer.Kind);
        writer.WriteByte((byte)racer.Target);
        writer.WriteUInt32(racer.ByteOffset);
        writer.WriteUInt32(racer.Length);
        writer.WriteUInt32(racer.PeriodNs);
    }

    private static RacerSpec ReadRacer(scoped ref WireReader reader)
    {
        var kind = (RacerKind)reader.ReadByte();
        var target = (RacerTarget)reader.ReadByte();
        if (!Enum.IsDefined(kind) || !Enum.IsDefined(target))
        {
            throw new ProtocolException($"Unknown racer kind {(int)kind} or target {(int)target}.");
        }

        uint byteOffset = reader.ReadUInt32();
        uint length = reader.ReadUInt32();
        uint period = reader.ReadUInt32();
        return kind == RacerKind.None && target == RacerTarget.Input && byteOffset == 0 && length == 0 && period == 0
            ? RacerSpec.None
            : new RacerSpec(kind, target, byteOffset, length, period);
    }
}
