using System.Runtime.Versioning;

namespace Conformance.Targets.Windows;

/// <summary>
/// Aims the pointers a call carries inside its buffers (<see cref="BufferPointer"/>) once both buffers are placed:
/// at NULL, at the call's own buffers, at a no-access user page of the case, at an unmapped kernel address. Windows
/// has no canary or secret page of the suite's own; a pointer at them cannot be honoured here, and the engine does
/// not fire such a case (<see cref="Targets"/>): it is reported as blocked, never passed.
/// </summary>
[SupportedOSPlatform("windows")]
internal static class WindowsPointers
{
    /// <summary>What this target can aim at.</summary>
    public static IReadOnlySet<PointerTarget> Targets { get; } = new HashSet<PointerTarget>
    {
        PointerTarget.Null, PointerTarget.Input, PointerTarget.Output, PointerTarget.NoAccessUser, PointerTarget.KernelUnmapped,
    };

    /// <summary>Write every pointer of the call into its placed buffers; the values written, input's then output's.</summary>
    /// <exception cref="WindowsTargetException">A pointer at something this target has not (the engine blocks such cases first).</exception>
    public static IReadOnlyList<ulong>? Write(IoctlCall call, UserBuffer input, UserBuffer output, UserRegion region)
    {
        if (CallPointers.Count(call) == 0)
        {
            return null;
        }

        nint? noAccess = null;
        var values = new List<ulong>(CallPointers.Count(call));
        foreach (var (buffer, pointer) in call.Input.Pointers.Select(p => (input, p)).Concat(call.Output.Pointers.Select(p => (output, p))))
        {
            ulong address = pointer.Target switch
            {
                PointerTarget.Null => 0,
                PointerTarget.Input => unchecked((ulong)input.Pointer),
                PointerTarget.Output => unchecked((ulong)output.Pointer),
                PointerTarget.NoAccessUser => unchecked((ulong)(noAccess ??= region.NoAccessPage())),
                PointerTarget.KernelUnmapped => KernelAddresses.Unmapped,
                _ => throw new WindowsTargetException(
                    $"case {call.CaseId}: Windows has no {PointerTargetNames.Name(pointer.Target)} page to aim a pointer at (only the simulator plants one)"),
            };
            ulong value = pointer.ValueAt(address);
            UserRegion.Write(buffer, pointer, value);
            values.Add(value);
        }

        return values;
    }
}
