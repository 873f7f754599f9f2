namespace Conformance.Verdicts;

/// <summary>One thing a case got wrong.</summary>
/// <param name="Category">What kind of failure.</param>
/// <param name="Message">What exactly was observed, in words a driver engineer reads.</param>
public sealed record Finding(FindingCategory Category, string Message)
{
    /// <summary>The step of the case's <c>steps:</c> whose call it was found in; null for the case's own call.</summary>
    public string? Step { get; init; }
}
