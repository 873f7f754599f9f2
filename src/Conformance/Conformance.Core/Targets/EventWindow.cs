namespace Conformance.Targets;

/// <summary>
/// The driver's events a target's capture delivered since the last collection, after waiting once for
/// everything written before the collection to arrive.
/// </summary>
/// <param name="Supported">False when the target has no capture: judge with the events carried in the outcomes.</param>
/// <param name="Source">How the events were captured, e.g. "eventpipe" or "etw".</param>
/// <param name="Events">Every captured event, in sequence order.</param>
/// <param name="LostEvents">Events known to be lost (session counters and sequence gaps).</param>
/// <param name="LossDetail">What the loss was, in words, when there was one.</param>
public sealed record EventWindow(bool Supported, string Source, IReadOnlyList<TraceEventRecord> Events, long LostEvents, string? LossDetail)
{
    /// <summary>A target without event capture.</summary>
    public static EventWindow Unsupported { get; } = new(false, "none", [], 0, null);
}
