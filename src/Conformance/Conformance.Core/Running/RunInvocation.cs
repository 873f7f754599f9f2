namespace Conformance.Running;

/// <summary>
/// The options a run was started with, as the user gave them: what a report header shows so a reader knows
/// which driver, variant and selection the verdicts are about, and what a reproduce command must repeat.
/// </summary>
public sealed record RunInvocation
{
    /// <summary>No options recorded (a run built by hand, e.g. in tests).</summary>
    public static RunInvocation None { get; } = new();

    /// <summary>Seeded defect variant of the reference driver; 0 for the clean driver.</summary>
    public uint DefectVariant { get; init; }

    /// <summary>The case filter (text, or @FILE), or null when every case was selected.</summary>
    public string? Filter { get; init; }

    /// <summary>The driver path given on the command line, or null when the default driver ran.</summary>
    public string? DriverPath { get; init; }

    /// <summary>
    /// The run's folder as a command typed at the repository root would name it (results/&lt;run-id&gt;), or null
    /// when unknown; reproduce commands point at its repro/ folder.
    /// </summary>
    public string? RunDirectory { get; init; }
}
