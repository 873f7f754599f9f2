namespace Conformance.Running;

/// <summary>A run of bytes a call changed in a user buffer, as the journal keeps it.</summary>
/// <param name="Offset">Offset of the first changed byte.</param>
/// <param name="Bytes">The bytes found there after the call.</param>
public sealed record BufferChange(int Offset, byte[] Bytes);
