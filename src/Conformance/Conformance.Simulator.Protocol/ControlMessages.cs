namespace Conformance.Simulator.Protocol;

/// <summary>Shutdown (client to host): empty payload.</summary>
public static class ShutdownMessage
{
    /// <summary>Write as a whole frame.</summary>
    public static void Write(WireWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.Shutdown);
        writer.EndFrame();
    }
}

/// <summary>Error (host to client): one text field saying which request could not be served and why.</summary>
public static class ErrorMessage
{
    /// <summary>Write as a whole frame.</summary>
    public static void Write(WireWriter writer, string message)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginFrame(MessageKind.Error);
        writer.WriteString(message);
        writer.EndFrame();
    }

    /// <summary>Decode a payload.</summary>
    public static string Read(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        string message = reader.ReadString();
        reader.EnsureEnd();
        return message;
    }
}
