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

    /// <summary>A handle access the driver itself requires beyond the code's access bits, or null (profile <c>handle_check</c>).</summary>
    public HandleCheck? HandleCheck { get; init; }
}

/// <summary>
/// The profile's <c>handle_check</c>: the driver refuses a handle without <paramref name="Access"/> with
/// <paramref name="Status"/> on its own (IoValidateDeviceIoControlAccess), whatever the control code's access bits say.
/// </summary>
/// <param name="Access">The data access the handle must have.</param>
/// <param name="Status">The status a handle without it gets.</param>
public sealed record HandleCheck(HandleAccess Access, int Status);
