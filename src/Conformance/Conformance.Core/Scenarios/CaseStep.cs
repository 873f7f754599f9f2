using Conformance.Targets;

namespace Conformance.Scenarios;

/// <summary>
/// One call of a scenario's <c>steps:</c>, fired before the case's own call on the same target session: what sets up
/// the state the judged call meets (create an object, free it). Every oracle judges it like the case's own call; a
/// status outside <see cref="Expect"/> stops the sequence and makes the case an error.
/// </summary>
/// <param name="Name">Its name, unique in the scenario ([a-z0-9_-]).</param>
/// <param name="Ioctl">The IOCTL it calls.</param>
/// <param name="Call">The call, with its own call id (<see cref="CallId"/>) and its copies from earlier steps.</param>
/// <param name="Expect">What it must satisfy: its status (any NT_SUCCESS status unless the step says), and the safe defaults of every oracle.</param>
/// <param name="Where">The step's entry in the scenario file.</param>
public sealed record CaseStep(string Name, IoctlDefinition Ioctl, IoctlCall Call, CaseExpectation Expect, SourceLocation Where)
{
    /// <summary>The status a step must return when it names none: any NT_SUCCESS status (success or informational).</summary>
    public static StatusExpectation DefaultStatus { get; } =
        new AnyOfStatus([new StatusOfSeverity(StatusSeverity.Success), new StatusOfSeverity(StatusSeverity.Information)]);

    /// <summary>
    /// The id a step's call carries (in its events, its bugcheck record and its outcome): the case id and the step name,
    /// <c>scenario[axes]::create</c>. '::' appears in no case id.
    /// </summary>
    public static string CallId(string caseId, string stepName) => $"{caseId}::{stepName}";
}
