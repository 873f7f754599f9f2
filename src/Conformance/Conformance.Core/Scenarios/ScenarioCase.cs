using Conformance.Targets;

namespace Conformance.Scenarios;

/// <summary>One expanded case: the call to fire, what it must satisfy, and where it came from.</summary>
/// <param name="Id">Stable id: <c>path/of/scenario[axis=value,...]#rep</c>.</param>
/// <param name="Call">The call, ready for <see cref="IDeviceTarget.ExecuteAsync"/>.</param>
/// <param name="Expect">The expectations, resolved for this case.</param>
/// <param name="Device">The device profile.</param>
/// <param name="Ioctl">The IOCTL (from the profile, or synthesised for an inline code).</param>
/// <param name="Provenance">File, line and axis values.</param>
public sealed record ScenarioCase(
    string Id,
    IoctlCall Call,
    CaseExpectation Expect,
    DeviceProfile Device,
    IoctlDefinition Ioctl,
    CaseProvenance Provenance)
{
    /// <summary>
    /// The scenario's <c>steps:</c>, fired in order before <see cref="Call"/> on the same target session; empty for a
    /// case of one call.
    /// </summary>
    public IReadOnlyList<CaseStep> Steps { get; init; } = [];
}
