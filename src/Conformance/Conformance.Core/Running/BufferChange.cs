using Conformance.Targets;

namespace Conformance.Running;

/// <summary>A run of bytes a call changed in a user buffer, as the journal keeps it.</summary>
/// <param name="Offset">Offset of the first changed byte.</param>
/// <param name="Bytes">The bytes found there after the call.</param>
public sealed record BufferChange(int Offset, byte[] Bytes);

/// <summary>An outcome as the journal kept it, with the buffer changes it journaled instead of copies.</summary>
/// <param name="Outcome">The outcome (buffers journaled as changes are null in it).</param>
/// <param name="InputChanges">The input buffer's changed runs, or null when journaled whole or not at all.</param>
/// <param name="OutputChanges">The output buffer's changed runs, or null when journaled whole or not at all.</param>
public sealed record JournaledOutcome(CallOutcome Outcome, IReadOnlyList<BufferChange>? InputChanges, IReadOnlyList<BufferChange>? OutputChanges);
