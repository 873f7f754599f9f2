using System.Buffers.Binary;
using System.Text;
using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>Field types of the native trace ring (SIM_TRACE_FIELD_TYPE in simkernel.h).</summary>
public enum SimTraceFieldType : byte
{
    /// <summary>u32.</summary>
    SimTraceUInt32 = 1,

    /// <summary>i32.</summary>
    SimTraceInt32 = 2,

    /// <summary>u64.</summary>
    SimTraceUInt64 = 3,

    /// <summary>i64.</summary>
    SimTraceInt64 = 4,

    /// <summary>u32 shown in hex.</summary>
    SimTraceHexUInt32 = 5,

    /// <summary>NTSTATUS (32-bit, signed like LONG).</summary>
    SimTraceNtStatus = 6,

    /// <summary>Pointer (64-bit).</summary>
    SimTracePointer = 7,

    /// <summary>NUL-terminated UTF-8.</summary>
    SimTraceString = 8,
}

/// <summary>
/// Reader of the native trace ring's record format (simkernel.h): u32 TotalSize, u32 FieldCount, u64 Sequence,
/// u64 TimestampNs, provider\0, event name\0, case id\0, then per field u8 type, name\0, value.
/// SimHost uses it only to find each record's size and case id; the client decodes the fields.
/// </summary>
public static class SimTraceFormat
{
    /// <summary>TotalSize, FieldCount, Sequence, TimestampNs.</summary>
    public const int FixedHeaderSize = (2 * sizeof(uint)) + (2 * sizeof(ulong));

    /// <summary>Find the record at the start of <paramref name="data"/>: its total size and its case id.</summary>
    /// <returns>False when <paramref name="data"/> holds no complete, well-formed record.</returns>
    public static bool TryReadRecord(ReadOnlySpan<byte> data, out int totalSize, out ReadOnlySpan<byte> caseId)
    {
        totalSize = 0;
        caseId = default;
        if (data.Length < FixedHeaderSize)
        {
            return false;
        }

        uint size = BinaryPrimitives.ReadUInt32LittleEndian(data);
        if (size < FixedHeaderSize + 3 || size > (uint)data.Length)
        {
            return false;
        }

        var strings = data[FixedHeaderSize..(int)size];
        if (!SkipCString(ref strings) || !SkipCString(ref strings))
        {
            return false;
        }

        int end = strings.IndexOf((byte)0);
        if (end < 0)
        {
            return false;
        }

        caseId = strings[..end];
        totalSize = (int)size;
        return true;
    }

    /// <summary>Decode <paramref name="expectedCount"/> records that fill <paramref name="records"/> exactly.</summary>
    public static IReadOnlyList<TraceEventRecord> DecodeAll(ReadOnlySpan<byte> records, uint expectedCount)
    {
        if (expectedCount == 0 && records.IsEmpty)
        {
            return [];
        }

        var events = new List<TraceEventRecord>((int)Math.Min(expectedCount, 1024u));
        while (!records.IsEmpty)
        {
            if (!TryReadRecord(records, out int size, out _))
            {
                throw new ProtocolException($"Malformed trace record after {events.Count} records.");
            }

            events.Add(Decode(records[..size]));
            records = records[size..];
        }

        if (events.Count != expectedCount)
        {
            throw new ProtocolException($"Expected {expectedCount} trace records, found {events.Count}.");
        }

        return events;
    }

    /// <summary>Decode one whole record.</summary>
    public static TraceEventRecord Decode(ReadOnlySpan<byte> record)
    {
        if (!TryReadRecord(record, out int size, out _) || size != record.Length)
        {
            throw new ProtocolException("Malformed trace record.");
        }

        uint fieldCount = BinaryPrimitives.ReadUInt32LittleEndian(record[4..]);
        ulong sequence = BinaryPrimitives.ReadUInt64LittleEndian(record[8..]);
        var rest = record[FixedHeaderSize..];
        string provider = ReadCString(ref rest);
        string name = ReadCString(ref rest);
        string caseId = ReadCString(ref rest);
        var fields = new Dictionary<string, object>((int)Math.Min(fieldCount, 64u), StringComparer.Ordinal);
        for (uint i = 0; i < fieldCount; i++)
        {
            if (rest.IsEmpty)
            {
                throw new ProtocolException($"Trace record {provider}/{name} announces {fieldCount} fields but ends after {i}.");
            }

            var type = (SimTraceFieldType)rest[0];
            rest = rest[1..];
            string fieldName = ReadCString(ref rest);
            fields[fieldName] = ReadValue(type, ref rest, fieldName);
        }

        return new TraceEventRecord(provider, name, sequence, caseId, fields);
    }

    private static object ReadValue(SimTraceFieldType type, ref ReadOnlySpan<byte> rest, string fieldName) => type switch
    {
        SimTraceFieldType.SimTraceUInt32 or SimTraceFieldType.SimTraceHexUInt32 => BinaryPrimitives.ReadUInt32LittleEndian(Take(ref rest, 4)),
        SimTraceFieldType.SimTraceInt32 or SimTraceFieldType.SimTraceNtStatus => BinaryPrimitives.ReadInt32LittleEndian(Take(ref rest, 4)),
        SimTraceFieldType.SimTraceUInt64 or SimTraceFieldType.SimTracePointer => BinaryPrimitives.ReadUInt64LittleEndian(Take(ref rest, 8)),
        SimTraceFieldType.SimTraceInt64 => BinaryPrimitives.ReadInt64LittleEndian(Take(ref rest, 8)),
        SimTraceFieldType.SimTraceString => ReadCString(ref rest),
        _ => throw new ProtocolException($"Trace field {fieldName} has unknown type {(byte)type}."),
    };

    private static ReadOnlySpan<byte> Take(ref ReadOnlySpan<byte> rest, int count)
    {
        if (rest.Length < count)
        {
            throw new ProtocolException("Trace record truncated inside a field value.");
        }

        var value = rest[..count];
        rest = rest[count..];
        return value;
    }

    private static bool SkipCString(ref ReadOnlySpan<byte> rest)
    {
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            return false;
        }

        rest = rest[(end + 1)..];
        return true;
    }

    private static string ReadCString(ref ReadOnlySpan<byte> rest)
    {
        int end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            throw new ProtocolException("Trace record string is not NUL-terminated.");
        }

        string text = Encoding.UTF8.GetString(rest[..end]);
        rest = rest[(end + 1)..];
        return text;
    }
}
