namespace Conformance.Simulator.Protocol;

/// <summary>ReadFileAccesses (client to host): empty payload.</summary>
public static class ReadFileAccessesMessage
{
    /// <summary>Write as a whole frame.</summary>
    public static void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.ReadFileAccesses);
        writer.EndFrame();
    }
}

/// <summary>
/// FileAccesses (host to client): every Zw file call of the driver since SimHost booted, oldest first.
/// u64 dropped, u32 count, then per record u32 operation, i32 status, u32 desired access, u32 disposition,
/// u32 options, u32 share, u32 attributes, u32 traits, u64 information, u64 handle, string path.
/// </summary>
/// <param name="Records">The recorded calls.</param>
/// <param name="Dropped">Calls that happened but did not fit the kernel's list.</param>
public sealed record FileAccessList(IReadOnlyList<FileAccessRecord> Records, ulong Dropped)
{
    /// <summary>Write as a whole frame.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.FileAccesses);
        writer.WriteUInt64(Dropped);
        writer.WriteUInt32((uint)Records.Count);
        foreach (var record in Records)
        {
            WriteRecord(writer, record);
        }

        writer.EndFrame();
    }

    /// <summary>Decode a payload.</summary>
    /// <exception cref="ProtocolException">More records than the kernel keeps, or a layout mismatch.</exception>
    public static FileAccessList Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        ulong dropped = reader.ReadUInt64();
        var records = new FileAccessRecord[reader.ReadCount(ProtocolLimits.MaxFileAccessRecords, "file-access records")];
        for (int i = 0; i < records.Length; i++)
        {
            records[i] = ReadRecord(ref reader);
        }

        reader.EnsureEnd();
        return new FileAccessList(records, dropped);
    }

    /// <summary>One record as this message and CaseResult carry it.</summary>
    public static void WriteRecord(WireWriter writer, FileAccessRecord record)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(record);
        writer.WriteUInt32((uint)record.Operation);
        writer.WriteInt32(record.Status);
        writer.WriteUInt32(record.DesiredAccess);
        writer.WriteUInt32(record.Disposition);
        writer.WriteUInt32(record.CreateOptions);
        writer.WriteUInt32(record.ShareAccess);
        writer.WriteUInt32(record.ObjectAttributes);
        writer.WriteUInt32((uint)record.Traits);
        writer.WriteUInt64(record.Information);
        writer.WriteUInt64(record.Handle);
        writer.WriteString(record.Path);
    }

    /// <summary>Read one record written by <see cref="WriteRecord"/>.</summary>
    public static FileAccessRecord ReadRecord(ref WireReader reader) => new(
        (FileOperation)reader.ReadUInt32(),
        reader.ReadInt32(),
        reader.ReadUInt32(),
        reader.ReadUInt32(),
        reader.ReadUInt32(),
        reader.ReadUInt32(),
        reader.ReadUInt32(),
        (FileAccessTraits)reader.ReadUInt32(),
        reader.ReadUInt64(),
        reader.ReadUInt64(),
        reader.ReadString());

    /// <inheritdoc />
    public bool Equals(FileAccessList? other) =>
        other is not null && Dropped == other.Dropped && Records.SequenceEqual(other.Records);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Dropped, Records.Count);
}
