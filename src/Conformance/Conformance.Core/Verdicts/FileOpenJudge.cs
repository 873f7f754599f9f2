using System.Globalization;
using System.Text;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Verdicts;

/// <summary>
/// A file opened by a name the caller supplied must be opened with OBJ_FORCE_ACCESS_CHECK: a driver's Zw call runs with
/// kernel-mode previous mode, so without it the object manager skips the access check and the caller reaches files it
/// could not open itself; OBJ_FORCE_ACCESS_CHECK makes the open checked even though it comes from kernel mode
/// ([OBJECT_ATTRIBUTES], [InitializeObjectAttributes]). "Supplied by the
/// caller": the opened name's last component appears in the caller's input bytes, as UTF-16LE (as a UNICODE_STRING
/// would carry it) or as 8-bit text.
/// </summary>
/// <para>
/// And a handle the driver keeps for itself must be a kernel handle: opened without OBJ_KERNEL_HANDLE while serving a
/// user-mode caller, it lands in that caller's process handle table, where the caller can use, duplicate or close it
/// ([Object Handles], private object handles).
/// </para>
/// <remarks>
/// [Object Handles]: https://learn.microsoft.com/windows-hardware/drivers/kernel/object-handles
/// [OBJECT_ATTRIBUTES]: https://learn.microsoft.com/windows/win32/api/ntdef/ns-ntdef-_object_attributes
/// [InitializeObjectAttributes]: https://learn.microsoft.com/windows/win32/api/ntdef/nf-ntdef-initializeobjectattributes
/// </remarks>
internal static class FileOpenJudge
{
    /// <param name="expect">The case's expectations.</param>
    /// <param name="outcome">What the target observed.</param>
    /// <param name="input">The caller's input bytes as passed (pointers written), which CaseJudge computes once per case.</param>
    /// <param name="findings">Where findings go.</param>
    public static void Judge(CaseExpectation expect, CallOutcome outcome, byte[] input, List<Finding> findings)
    {
        if (outcome.FileOpens.Count == 0)
        {
            return;
        }

        if (expect.KernelHandles
            && outcome.FileOpens.FirstOrDefault(o => o.UserContext && !o.KernelHandle && o.Status >= 0) is { } userHandle)
        {
            findings.Add(new Finding(FindingCategory.UserVisibleHandle,
                $"{userHandle.Routine} opened '{userHandle.Path}' without OBJ_KERNEL_HANDLE while serving a user-mode caller: the handle is in the caller's handle table"));
        }

        if (!expect.FileOpenChecked)
        {
            return;
        }

        foreach (var open in outcome.FileOpens)
        {
            if (!open.UserContext || open.ForceAccessCheck || CallerOffset(open.Path, input) is not { } offset)
            {
                continue;
            }

            findings.Add(new Finding(FindingCategory.UncheckedFileOpen, string.Create(CultureInfo.InvariantCulture,
                $"{open.Routine} opened '{open.Path}', a name from the caller's input (input+{offset}), without OBJ_FORCE_ACCESS_CHECK: the caller's access to it was never checked")));
            return;
        }
    }

    /// <summary>Where the path's last component stands in the caller's bytes (UTF-16LE first), or null.</summary>
    internal static int? CallerOffset(string path, byte[] input)
    {
        string name = path[(path.LastIndexOf('\\') + 1)..];
        if (name.Length == 0)
        {
            return null;
        }

        int at = input.AsSpan().IndexOf(Encoding.Unicode.GetBytes(name));
        if (at < 0)
        {
            at = input.AsSpan().IndexOf(Encoding.UTF8.GetBytes(name));
        }

        return at >= 0 ? at : null;
    }
}
