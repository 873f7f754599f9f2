namespace Conformance.SimHost.Events;

/// <summary>The shape of one driver event: its name and its fields' names and CLR types, in order.</summary>
internal sealed record DriverEventSchema(string Name, IReadOnlyList<(string Name, Type Type)> Fields)
{
    /// <summary>Correlation fields the simulator appends to every republished event (stripped by the capture).</summary>
    public const string SequenceField = "SimSequence";

    /// <summary>See <see cref="SequenceField"/>.</summary>
    public const string CaseIdField = "SimCaseId";

    /// <summary>The schema of a decoded driver event.</summary>
    public static DriverEventSchema Of(string name, IReadOnlyDictionary<string, object> fields) =>
        new(name, [.. fields.Select(f => (f.Key, f.Value.GetType()))]);
}
