namespace Conformance.Targets;

/// <summary>One DeviceIoControl call as a target must make it: the unit a case fires.</summary>
/// <param name="CaseId">Stable case id (scenario file + axis values); goes into bugcheck records.</param>
/// <param name="IoControlCode">The full control code.</param>
/// <param name="GrantedAccess">Access granted to the handle: FILE_READ_DATA (1) | FILE_WRITE_DATA (2).</param>
/// <param name="Input">The input buffer.</param>
/// <param name="Output">The output buffer.</param>
/// <param name="Racer">Concurrent mutation during the call.</param>
public sealed record IoctlCall(
    string CaseId,
    uint IoControlCode,
    uint GrantedAccess,
    BufferSpec Input,
    BufferSpec Output,
    RacerSpec Racer);
