using System.Buffers.Binary;
using System.Text;
using Conformance.Simulator.Protocol;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Builds records in the native trace ring's format (simkernel.h), to feed the decoder known bytes.</summary>
internal sealed class TraceRecordBuilder(string provider, string name, ulong sequence, string caseId)
{
    private readonly List<byte> _fields = [];
    private uint _fieldCount;

    public TraceRecordBuilder Field(SimTraceFieldType type, string fieldName, object value)
    {
        _fields.Add((byte)type);
        AddText(_fields, fieldName);
        switch (value)
        {
            case uint u:
                AddLittleEndian(_fields, u, 4);
                break;
            case int i:
                AddLittleEndian(_fields, (uint)i, 4);
                break;
            case ulong ul:
                AddLittleEndian(_fields, ul, 8);
                break;
            case long l:
                AddLittleEndian(_fields, (ulong)l, 8);
                break;
            case string s:
                AddText(_fields, s);
                break;
            default:
                throw new ArgumentException($"Unsupported value {value}.", nameof(value));
        }

        _fieldCount++;
        return this;
    }

    public byte[] Build()
    {
        var body = new List<byte>();
        AddText(body, provider);
        AddText(body, name);
        AddText(body, caseId);
        body.AddRange(_fields);
        var record = new byte[SimTraceFormat.FixedHeaderSize + body.Count];
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)record.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(4), _fieldCount);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(8), sequence);
        BinaryPrimitives.WriteUInt64LittleEndian(record.AsSpan(16), 123456789);
        body.CopyTo(record, SimTraceFormat.FixedHeaderSize);
        return record;
    }

    private static void AddText(List<byte> target, string text)
    {
        target.AddRange(Encoding.UTF8.GetBytes(text));
        target.Add(0);
    }

    private static void AddLittleEndian(List<byte> target, ulong value, int size)
    {
        for (int i = 0; i < size; i++)
        {
            target.Add((byte)(value >> (8 * i)));
        }
    }
}
