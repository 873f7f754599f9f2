namespace Conformance.Simulator.Protocol;

/// <summary>
/// SelfTest (client to host, hidden): u32 rounds. The host throws and catches managed exceptions, including
/// ones that start as hardware faults (null dereference, integer divide by zero), after the native SEH
/// handler was installed: they only work if that handler chains to the runtime's.
/// </summary>
public static class SelfTestMessage
{
    /// <summary>Write the request as a whole frame.</summary>
    public static void Write(WireWriter writer, uint rounds)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.SelfTest);
        writer.WriteUInt32(rounds);
        writer.EndFrame();
    }

    /// <summary>Read the request.</summary>
    public static uint Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        uint rounds = reader.ReadUInt32();
        reader.EnsureEnd();
        return rounds;
    }
}

/// <summary>SelfTestResult (host to client): how many of each exception were caught.</summary>
/// <param name="Rounds">Rounds run.</param>
/// <param name="ManagedThrowsCaught">Exceptions thrown with <c>throw</c> and caught.</param>
/// <param name="NullReferencesCaught">NullReferenceExceptions raised by a real null dereference (SIGSEGV).</param>
/// <param name="DivideByZeroCaught">DivideByZeroExceptions raised by a real integer division (SIGFPE).</param>
/// <param name="Detail">Anything unexpected, in words.</param>
public sealed record SelfTestReply(uint Rounds, uint ManagedThrowsCaught, uint NullReferencesCaught, uint DivideByZeroCaught, string Detail)
{
    /// <summary>Write as a whole frame.</summary>
    public void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.SelfTestResult);
        writer.WriteUInt32(Rounds);
        writer.WriteUInt32(ManagedThrowsCaught);
        writer.WriteUInt32(NullReferencesCaught);
        writer.WriteUInt32(DivideByZeroCaught);
        writer.WriteString(Detail);
        writer.EndFrame();
    }

    /// <summary>Decode a payload.</summary>
    public static SelfTestReply Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var reply = new SelfTestReply(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadString());
        reader.EnsureEnd();
        return reply;
    }
}
