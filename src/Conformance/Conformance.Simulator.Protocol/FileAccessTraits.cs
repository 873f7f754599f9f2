namespace Conformance.Simulator.Protocol;

/// <summary>What the kernel saw about the call of a <see cref="FileAccessRecord"/> (SIM_FILE_ACCESS_* bits).</summary>
[Flags]
public enum FileAccessTraits : uint
{
    /// <summary>Nothing of note.</summary>
    None = 0,

    /// <summary>OBJ_FORCE_ACCESS_CHECK was given: the open must be checked as if a user opened it.</summary>
    ForceAccessCheck = 0x1,

    /// <summary>OBJ_KERNEL_HANDLE was given: only kernel mode can use the handle.</summary>
    KernelHandle = 0x2,

    /// <summary>The name mapped to a place inside the sandbox (an unknown object directory does not).</summary>
    InSandbox = 0x4,

    /// <summary>Made while serving a user-mode caller's IRP: a handle without OBJ_KERNEL_HANDLE belongs to that caller's process.</summary>
    UserContext = 0x8,
}
