using System.Text;
using Conformance.Targets;

namespace Conformance.Simulator.Protocol;

/// <summary>
/// One user buffer of a call as it sits in a received frame: a view, so SimHost can point the native
/// SIM_BUFFER_SPEC at the content bytes without copying them.
/// </summary>
public readonly ref struct WireBuffer
{
    /// <summary>Creates the view.</summary>
    public WireBuffer(BufferMemoryState state, uint size, uint offset, uint declaredLength, byte fillByte, ReadOnlySpan<byte> content)
    {
        State = state;
        Size = size;
        Offset = offset;
        DeclaredLength = declaredLength;
        FillByte = fillByte;
        Content = content;
    }

    /// <summary>Memory state.</summary>
    public BufferMemoryState State { get; }

    /// <summary>Real bytes backing the buffer.</summary>
    public uint Size { get; }

    /// <summary>Offset from the start of the first page.</summary>
    public uint Offset { get; }

    /// <summary>Length passed to the I/O manager.</summary>
    public uint DeclaredLength { get; }

    /// <summary>Byte that fills the buffer past the content.</summary>
    public byte FillByte { get; }

    /// <summary>Initial bytes (never longer than <see cref="Size"/>).</summary>
    public ReadOnlySpan<byte> Content { get; }

    /// <summary>The pointers, as checked records (<see cref="PointerRecordFormat"/>).</summary>
    public ReadOnlySpan<byte> PointerRecords { get; init; }

    /// <summary>How many pointers the buffer carries.</summary>
    public int PointerCount => PointerRecords.Length / PointerRecordFormat.RecordSize;

    /// <summary>Pointer <paramref name="index"/>.</summary>
    public BufferPointer PointerAt(int index) => PointerRecordFormat.Read(PointerRecords[(index * PointerRecordFormat.RecordSize)..]);

    /// <summary>Copy into an engine <see cref="BufferSpec"/>.</summary>
    public BufferSpec ToBufferSpec()
    {
        var spec = new BufferSpec(State, Size, Offset, DeclaredLength, Content.ToArray(), FillByte);
        if (PointerCount == 0)
        {
            return spec;
        }

        var pointers = new BufferPointer[PointerCount];
        for (int i = 0; i < pointers.Length; i++)
        {
            pointers[i] = PointerAt(i);
        }

        return spec with { Pointers = pointers };
    }
}

/// <summary>One call as it sits in a received ExecuteBatch or BenchLoop frame (a view into the frame).</summary>
public readonly ref struct WireCall
{
    /// <summary>Creates the view.</summary>
    public WireCall(ReadOnlySpan<byte> caseIdWithNul, uint ioControlCode, uint grantedAccess, WireBuffer input, WireBuffer output, RacerSpec racer)
    {
        CaseIdWithNul = caseIdWithNul;
        IoControlCode = ioControlCode;
        GrantedAccess = grantedAccess;
        Input = input;
        Output = output;
        Racer = racer;
    }

    /// <summary>The case id in UTF-8 including its terminating NUL, ready for C.</summary>
    public ReadOnlySpan<byte> CaseIdWithNul { get; }

    /// <summary>The case id in UTF-8 without the NUL.</summary>
    public ReadOnlySpan<byte> CaseIdUtf8 => CaseIdWithNul[..^1];

    /// <summary>The control code.</summary>
    public uint IoControlCode { get; }

    /// <summary>Access granted to the handle.</summary>
    public uint GrantedAccess { get; }

    /// <summary>The input buffer.</summary>
    public WireBuffer Input { get; }

    /// <summary>The output buffer.</summary>
    public WireBuffer Output { get; }

    /// <summary>The racer (a plain record: it holds no bytes).</summary>
    public RacerSpec Racer { get; }

    /// <summary>Copy into an engine <see cref="IoctlCall"/>.</summary>
    public IoctlCall ToIoctlCall() =>
        new(Encoding.UTF8.GetString(CaseIdUtf8), IoControlCode, GrantedAccess, Input.ToBufferSpec(), Output.ToBufferSpec(), Racer);
}
