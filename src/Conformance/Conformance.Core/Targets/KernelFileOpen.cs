namespace Conformance.Targets;

/// <summary>
/// A file the driver opened during a call (ZwCreateFile or ZwOpenFile), as the simulated kernel recorded it: the name it
/// gave and whether it asked for the caller's access check.
/// </summary>
/// <param name="Routine">ZwCreateFile or ZwOpenFile.</param>
/// <param name="Path">The object name as the driver gave it (UTF-8).</param>
/// <param name="Status">The NTSTATUS the routine returned.</param>
/// <param name="ForceAccessCheck">OBJ_FORCE_ACCESS_CHECK was given: the open is checked against the requestor as a user open would be.</param>
/// <param name="KernelHandle">OBJ_KERNEL_HANDLE was given.</param>
/// <param name="UserContext">Made while serving a user-mode caller's IRP.</param>
public sealed record KernelFileOpen(string Routine, string Path, int Status, bool ForceAccessCheck, bool KernelHandle, bool UserContext);
