namespace Conformance.Targets;

/// <summary>One user buffer of a call: its real size, memory state, placement and the length the caller claims.</summary>
/// <param name="State">Memory state when the call is made.</param>
/// <param name="Size">Real bytes backing the buffer.</param>
/// <param name="Offset">Offset from the start of the first page (unaligned buffers).</param>
/// <param name="DeclaredLength">Length passed to the I/O manager; may lie about <paramref name="Size"/>.</param>
/// <param name="Content">Initial bytes (at most <paramref name="Size"/>); the rest is <paramref name="FillByte"/>.</param>
/// <param name="FillByte">Byte that fills the buffer past <paramref name="Content"/>.</param>
public sealed record BufferSpec(
    BufferMemoryState State,
    uint Size,
    uint Offset,
    uint DeclaredLength,
    ReadOnlyMemory<byte> Content,
    byte FillByte)
{
    /// <summary>Page size of every target; <see cref="Offset"/> is 0 .. PageSize - 1.</summary>
    public const uint PageSize = 4096;

    /// <summary>No buffer: NULL pointer, zero length.</summary>
    public static BufferSpec None { get; } = new(BufferMemoryState.Null, 0, 0, 0, ReadOnlyMemory<byte>.Empty, 0);

    /// <summary>A read-write buffer of <paramref name="size"/> bytes whose declared length is its size.</summary>
    public static BufferSpec ReadWriteOf(uint size, byte fillByte = 0) =>
        new(BufferMemoryState.ReadWrite, size, 0, size, ReadOnlyMemory<byte>.Empty, fillByte);

    /// <summary>
    /// Pointers the target writes over the content when it builds the buffer (<see cref="BufferPointer"/>), in
    /// offset order; their values are known only then (<see cref="CallOutcome.PointerValues"/>).
    /// </summary>
    public IReadOnlyList<BufferPointer> Pointers { get; init; } = [];

    /// <summary>
    /// Bytes taken from earlier steps of the case (<see cref="BufferCopy"/>), in offset order; the engine fills them in
    /// before the call (<see cref="CallOutcome.CopiedBytes"/>), so a target writes them as part of <see cref="Content"/>.
    /// </summary>
    public IReadOnlyList<BufferCopy> Copies { get; init; } = [];

    /// <summary>The bytes the buffer holds before the call, with each pointer slot as the content left it.</summary>
    public byte[] InitialBytes()
    {
        var bytes = new byte[Size];
        Array.Fill(bytes, FillByte);
        Content.Span[..Math.Min(Content.Length, (int)Size)].CopyTo(bytes);
        return bytes;
    }

    /// <summary>
    /// The bytes the buffer held when the call was made: <see cref="InitialBytes()"/> with the values the target
    /// wrote for <see cref="Pointers"/> (<paramref name="values"/>, one per pointer); as <see cref="InitialBytes()"/>
    /// when the values are not known (the call was not made).
    /// </summary>
    public byte[] InitialBytes(ReadOnlySpan<ulong> values) => InitialBytes(values, null);

    /// <summary>
    /// As <see cref="InitialBytes(ReadOnlySpan{ulong})"/>, with the bytes the engine copied in for <see cref="Copies"/>
    /// (<paramref name="copied"/>, one per copy; ignored when null or not one per copy).
    /// </summary>
    public byte[] InitialBytes(ReadOnlySpan<ulong> values, IReadOnlyList<byte[]>? copied)
    {
        var bytes = InitialBytes();
        if (copied is not null && copied.Count == Copies.Count)
        {
            for (int i = 0; i < copied.Count; i++)
            {
                if (Copies[i].End <= Size && copied[i].Length == Copies[i].Size)
                {
                    copied[i].CopyTo(bytes.AsSpan((int)Copies[i].Offset));
                }
            }
        }

        if (values.Length != Pointers.Count)
        {
            return bytes;
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (Pointers[i].End <= Size)
            {
                Pointers[i].WriteInto(bytes, values[i]);
            }
        }

        return bytes;
    }
}
