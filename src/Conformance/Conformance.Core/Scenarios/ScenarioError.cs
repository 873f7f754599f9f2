namespace Conformance.Scenarios;

/// <summary>
/// One problem in a scenario or device-profile file. Printed as <c>file:line:col: error: message. Hint</c>
/// so editors and CI logs turn it into a link.
/// </summary>
/// <param name="File">Path as shown to the user (relative to the working directory when possible).</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Message">What is wrong, without a trailing period.</param>
/// <param name="Hint">How to fix it (a full sentence), or null.</param>
public sealed record ScenarioError(string File, long Line, long Column, string Message, string? Hint)
{
    /// <inheritdoc/>
    public override string ToString() =>
        Hint is null
            ? $"{File}:{Line}:{Column}: error: {Message}"
            : $"{File}:{Line}:{Column}: error: {Message}. {Hint}";
}
