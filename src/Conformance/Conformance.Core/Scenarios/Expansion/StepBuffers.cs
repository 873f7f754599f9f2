using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>A step's buffers as built, which the copies of later calls take bytes from.</summary>
/// <param name="Name">The step's name.</param>
/// <param name="Input">Its input buffer.</param>
/// <param name="Output">Its output buffer.</param>
internal sealed record StepBuffers(string Name, BufferSpec Input, BufferSpec Output);
