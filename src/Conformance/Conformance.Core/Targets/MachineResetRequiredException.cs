namespace Conformance.Targets;

/// <summary>
/// Thrown by a target that cannot go on without a reset of its machine: on Windows a hung IOCTL holds the
/// caller thread inside the kernel, and no user-mode restart can free it. The hang is already journaled; the
/// front end exits with its documented code so an orchestrator can crash-dump and reset the machine, then
/// resume the run (docs/windows.md).
/// </summary>
/// <param name="caseId">The case whose call hung.</param>
/// <param name="message">What happened, for the user.</param>
public sealed class MachineResetRequiredException(string caseId, string message) : Exception(message)
{
    /// <summary>The case whose call hung.</summary>
    public string CaseId { get; } = caseId;
}
