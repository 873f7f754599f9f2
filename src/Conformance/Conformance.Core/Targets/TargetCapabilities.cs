namespace Conformance.Targets;

/// <summary>What a target can observe; the engine skips expectations a target cannot check.</summary>
/// <param name="Name">Display name, e.g. "simulator" or "windows".</param>
/// <param name="KernelCanary">Can plant and check a kernel canary (ARBITRARY_WRITE).</param>
/// <param name="KernelSecret">The kernel secret bytes that must never reach user memory (ARBITRARY_READ), or null.</param>
/// <param name="PoolPoisonByte">Byte that fills new pool allocations (INFO_LEAK), or null.</param>
/// <param name="StackPoisonByte">Byte that fills the dispatch stack (INFO_LEAK), or null.</param>
/// <param name="KernelAddress">A kernel address to use for kernel-pointer buffers.</param>
public sealed record TargetCapabilities(
    string Name,
    bool KernelCanary,
    ReadOnlyMemory<byte>? KernelSecret,
    byte? PoolPoisonByte,
    byte? StackPoisonByte,
    ulong KernelAddress)
{
    /// <summary>
    /// Sees every touch of user memory by the driver (<see cref="CallOutcome.UserAccesses"/>): the access rules
    /// (DOUBLE_FETCH, UNPROBED_USER_ACCESS, USER_ACCESS_OUTSIDE_TRY, UNEXPECTED_USER_ACCESS) can be judged.
    /// </summary>
    public bool AccessTrace { get; init; }

    /// <summary>
    /// What this target can aim a pointer inside a buffer at (<see cref="BufferPointer"/>). A case with a pointer
    /// at anything else is not fired: the engine reports it as blocked, with the reason, never as a pass.
    /// </summary>
    public IReadOnlySet<PointerTarget> PointerTargets { get; init; } = AllPointerTargets;

    /// <summary>Every pointer target (the simulator aims at all of them).</summary>
    public static IReadOnlySet<PointerTarget> AllPointerTargets { get; } = Enum.GetValues<PointerTarget>().ToHashSet();
}
