namespace Conformance.Targets;

/// <summary>
/// The call that shows a device still answers, fired by the target after every case that returned (the device
/// profile's <c>liveness:</c>). A different status means the case left the device dead: DEVICE_DEAD.
/// </summary>
/// <param name="Call">The call to make; its case id is what the driver's events and a bugcheck record name.</param>
/// <param name="ExpectedStatus">The status a live device returns.</param>
/// <param name="IoctlName">The control code's name, for findings.</param>
public sealed record LivenessProbe(IoctlCall Call, int ExpectedStatus, string IoctlName)
{
    /// <summary>The case id liveness calls carry, so their events and crashes are never taken for a case's.</summary>
    public const string CaseId = "liveness";
}
