namespace Conformance.Scenarios;

/// <summary>
/// An event a case expects (or forbids) the driver to log. Parsed and kept with its source position;
/// judging events belongs to the event-capture work, not to the loader.
/// </summary>
/// <param name="Name">Event name.</param>
/// <param name="Fields">Field constraints as written (raw scalar text; their meaning is the judge's).</param>
/// <param name="Where">Where the event was written, for reports.</param>
public sealed record EventExpectation(string Name, IReadOnlyDictionary<string, EventFieldMatcher> Fields, SourceLocation Where);
