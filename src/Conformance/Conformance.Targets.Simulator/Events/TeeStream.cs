namespace Conformance.Targets.Simulator.Events;

/// <summary>
/// Reads a stream and copies every byte read into a file: the raw EventPipe stream that TraceEvent
/// parses, kept as a .nettrace file (PerfView and TraceEvent open it) for failing runs.
/// </summary>
internal sealed class TeeStream(Stream source, string copyPath) : Stream
{
    private readonly FileStream copy = new(copyPath, FileMode.Create, FileAccess.Write, FileShare.Read);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int read = source.Read(buffer);
        copy.Write(buffer[..read]);
        return read;
    }

    public override void Flush() => copy.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            copy.Dispose();
            source.Dispose();
        }

        base.Dispose(disposing);
    }
}
