namespace Conformance.Simulator.Protocol;

/// <summary>
/// Hello (host to client), the first frame after accept. Starts with the magic and version so a mismatch
/// is reported before anything else is decoded.
/// </summary>
public sealed record HelloMessage
{
    /// <summary>Protocol version of the host.</summary>
    public ushort Version { get; init; } = ProtocolLimits.Version;

    /// <summary>SimHost's process id (for diagnostics and EventPipe).</summary>
    public int ProcessId { get; init; }

    /// <summary>How far start-up got.</summary>
    public HostReadiness Readiness { get; init; }

    /// <summary>Why start-up stopped, in words (empty when ready).</summary>
    public string FailureMessage { get; init; } = string.Empty;

    /// <summary>SimKernelBoot's return: 0 or a negative errno.</summary>
    public int BootResult { get; init; }

    /// <summary>NTSTATUS of SimLoadDriver (DriverEntry's status, or a load failure status).</summary>
    public int DriverLoadStatus { get; init; }

    /// <summary>NTSTATUS of SimOpenDevice.</summary>
    public int DeviceOpenStatus { get; init; }

    /// <summary>The driver library SimHost was given.</summary>
    public string DriverPath { get; init; } = string.Empty;

    /// <summary>The device name SimHost opened.</summary>
    public string DeviceName { get; init; } = string.Empty;

    /// <summary>Start of the user region.</summary>
    public ulong UserRegionStart { get; init; }

    /// <summary>End of the user region: anything at or above is a kernel address.</summary>
    public ulong MmUserProbeAddress { get; init; }

    /// <summary>The kernel canary page.</summary>
    public ulong KernelCanaryAddress { get; init; }

    /// <summary>The kernel secret page.</summary>
    public ulong KernelSecretAddress { get; init; }

    /// <summary>The secret's first bytes (random per boot).</summary>
    public ReadOnlyMemory<byte> KernelSecret { get; init; } = ReadOnlyMemory<byte>.Empty;

    /// <summary>Byte every new pool allocation is filled with.</summary>
    public byte PoolPoisonByte { get; init; }

    /// <summary>Byte the dispatch stack is filled with before each call.</summary>
    public byte StackPoisonByte { get; init; }

    /// <summary>Page size of the simulated machine.</summary>
    public uint PageSize { get; init; }

    /// <summary>The device objects DriverEntry created, named as the driver spelled them (empty: unnamed); empty when the driver did not load.</summary>
    public IReadOnlyList<string> Devices { get; init; } = [];

    /// <summary>The symbolic links DriverEntry created.</summary>
    public IReadOnlyList<SymbolicLinkName> SymbolicLinks { get; init; } = [];

    /// <summary>Write as a whole frame.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.Hello);
        writer.WriteUInt32(ProtocolLimits.HelloMagic);
        writer.WriteUInt16(Version);
        writer.WriteInt32(ProcessId);
        writer.WriteByte((byte)Readiness);
        writer.WriteString(FailureMessage);
        writer.WriteInt32(BootResult);
        writer.WriteInt32(DriverLoadStatus);
        writer.WriteInt32(DeviceOpenStatus);
        writer.WriteString(DriverPath);
        writer.WriteString(DeviceName);
        writer.WriteUInt64(UserRegionStart);
        writer.WriteUInt64(MmUserProbeAddress);
        writer.WriteUInt64(KernelCanaryAddress);
        writer.WriteUInt64(KernelSecretAddress);
        writer.WriteSizedBytes(KernelSecret.Span);
        writer.WriteByte(PoolPoisonByte);
        writer.WriteByte(StackPoisonByte);
        writer.WriteUInt32(PageSize);
        writer.WriteUInt32((uint)Devices.Count);
        foreach (string device in Devices)
        {
            writer.WriteString(device);
        }

        writer.WriteUInt32((uint)SymbolicLinks.Count);
        foreach (var link in SymbolicLinks)
        {
            writer.WriteString(link.Link);
            writer.WriteString(link.Target);
        }

        writer.EndFrame();
    }

    /// <summary>Decode a Hello payload.</summary>
    /// <exception cref="ProtocolException">Not a SimHost, or another protocol version.</exception>
    public static HelloMessage Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        uint magic = reader.ReadUInt32();
        if (magic != ProtocolLimits.HelloMagic)
        {
            throw new ProtocolException($"The peer is not a SimHost (magic 0x{magic:X8}).");
        }

        ushort version = reader.ReadUInt16();
        if (version != ProtocolLimits.Version)
        {
            throw new ProtocolException($"SimHost speaks protocol version {version}; this client speaks {ProtocolLimits.Version}. Rebuild both from the same tree.");
        }

        var hello = new HelloMessage
        {
            Version = version,
            ProcessId = reader.ReadInt32(),
            Readiness = (HostReadiness)reader.ReadByte(),
            FailureMessage = reader.ReadString(),
            BootResult = reader.ReadInt32(),
            DriverLoadStatus = reader.ReadInt32(),
            DeviceOpenStatus = reader.ReadInt32(),
            DriverPath = reader.ReadString(),
            DeviceName = reader.ReadString(),
            UserRegionStart = reader.ReadUInt64(),
            MmUserProbeAddress = reader.ReadUInt64(),
            KernelCanaryAddress = reader.ReadUInt64(),
            KernelSecretAddress = reader.ReadUInt64(),
            KernelSecret = reader.ReadSizedBytes(4096).ToArray(),
            PoolPoisonByte = reader.ReadByte(),
            StackPoisonByte = reader.ReadByte(),
            PageSize = reader.ReadUInt32(),
        };
        var devices = new string[reader.ReadCount(ProtocolLimits.MaxNamespaceEntries, "device names")];
        for (int i = 0; i < devices.Length; i++)
        {
            devices[i] = reader.ReadString();
        }

        var links = new SymbolicLinkName[reader.ReadCount(ProtocolLimits.MaxNamespaceEntries, "symbolic links")];
        for (int i = 0; i < links.Length; i++)
        {
            links[i] = new SymbolicLinkName(reader.ReadString(), reader.ReadString());
        }

        reader.EnsureEnd();
        return hello with { Devices = devices, SymbolicLinks = links };
    }

    /// <inheritdoc />
    public bool Equals(HelloMessage? other) =>
        other is not null
        && Version == other.Version && ProcessId == other.ProcessId && Readiness == other.Readiness
        && FailureMessage == other.FailureMessage && BootResult == other.BootResult
        && DriverLoadStatus == other.DriverLoadStatus && DeviceOpenStatus == other.DeviceOpenStatus
        && DriverPath == other.DriverPath && DeviceName == other.DeviceName
        && UserRegionStart == other.UserRegionStart && MmUserProbeAddress == other.MmUserProbeAddress
        && KernelCanaryAddress == other.KernelCanaryAddress && KernelSecretAddress == other.KernelSecretAddress
        && KernelSecret.Span.SequenceEqual(other.KernelSecret.Span)
        && PoolPoisonByte == other.PoolPoisonByte && StackPoisonByte == other.StackPoisonByte && PageSize == other.PageSize
        && Devices.SequenceEqual(other.Devices) && SymbolicLinks.SequenceEqual(other.SymbolicLinks);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(ProcessId, Readiness, KernelCanaryAddress, MmUserProbeAddress);
}
