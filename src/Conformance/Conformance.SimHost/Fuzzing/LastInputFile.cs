using System.Buffers.Binary;
using System.IO.MemoryMappedFiles;

namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// The input being run, in a file mapped shared: written before each exec with plain stores (no syscall), it is on
/// disk through the page cache even when the driver then takes the process down, so the client knows which input
/// crashed or hung it. Layout: u32 length, then the input's calls as FuzzSequenceCodec writes them.
/// </summary>
internal sealed unsafe class LastInputFile : IDisposable
{
    private const long Capacity = 1L << 20;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _base;

    public LastInputFile(string path)
    {
        if (path.Length == 0)
        {
            return;
        }

        _file = MemoryMappedFile.CreateFromFile(path, FileMode.Create, null, Capacity, MemoryMappedFileAccess.ReadWrite);
        _view = _file.CreateViewAccessor(0, Capacity, MemoryMappedFileAccess.ReadWrite);
        byte* pointer = null;
        _view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + _view.PointerOffset;
    }

    /// <summary>Record <paramref name="call"/> (one encoded input); a call too large for the file is recorded as absent.</summary>
    public void Write(ReadOnlySpan<byte> call)
    {
        if (_base == null)
        {
            return;
        }

        var target = new Span<byte>(_base, (int)Capacity);
        if (call.Length > Capacity - sizeof(uint))
        {
            BinaryPrimitives.WriteUInt32LittleEndian(target, 0);
            return;
        }

        call.CopyTo(target[sizeof(uint)..]);
        BinaryPrimitives.WriteUInt32LittleEndian(target, (uint)call.Length);
    }

    public void Dispose()
    {
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _file?.Dispose();
    }
}
