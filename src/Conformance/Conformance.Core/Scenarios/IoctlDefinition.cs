namespace Conformance.Scenarios;

/// <summary>One IOCTL of a device profile (or written inline in a scenario).</summary>
/// <param name="Name">Symbolic name, e.g. IOCTL_SAMPLE_PING; for an inline code, its hex or CTL_CODE text.</param>
/// <param name="Code">The control code.</param>
/// <param name="Input">Documented input length, or null when the profile does not say.</param>
/// <param name="Output">Documented output length, or null when the profile does not say.</param>
/// <param name="Description">Free text from the profile.</param>
public sealed record IoctlDefinition(
    string Name,
    ControlCode Code,
    DocumentedSize? Input,
    DocumentedSize? Output,
    string? Description)
{
    /// <summary>How the I/O manager transfers the buffers.</summary>
    public TransferMethod Method => Code.Method;

    /// <summary>The access the handle needs.</summary>
    public RequiredAccess Access => Code.Access;
}
