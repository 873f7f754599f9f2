namespace Conformance.Simulator.Protocol;

/// <summary>
/// One Zw file call of the driver, as the simulated kernel recorded it (SIM_FILE_ACCESS_RECORD).
/// </summary>
/// <param name="Operation">The routine.</param>
/// <param name="Status">The NTSTATUS it returned.</param>
/// <param name="DesiredAccess">Create/open: the access asked for; later calls: the handle's granted access.</param>
/// <param name="Disposition">Create: CreateDisposition; open: FILE_OPEN; query: the information class.</param>
/// <param name="CreateOptions">CreateOptions or OpenOptions.</param>
/// <param name="ShareAccess">FILE_SHARE_* bits.</param>
/// <param name="ObjectAttributes">OBJECT_ATTRIBUTES.Attributes (OBJ_*) as given.</param>
/// <param name="Traits">What the kernel saw about the call.</param>
/// <param name="Information">IoStatusBlock.Information: the create result (FILE_CREATED, ...) or the bytes read or written.</param>
/// <param name="Handle">The handle made or used; 0 when none was made.</param>
/// <param name="Path">The object name as the driver gave it (for calls on a handle, the name it was opened with).</param>
public sealed record FileAccessRecord(
    FileOperation Operation,
    int Status,
    uint DesiredAccess,
    uint Disposition,
    uint CreateOptions,
    uint ShareAccess,
    uint ObjectAttributes,
    FileAccessTraits Traits,
    ulong Information,
    ulong Handle,
    string Path);
