using System.Runtime.InteropServices;

namespace Conformance.SimHost.Native;

/// <summary>The few libc calls .NET has no equivalent for (O_APPEND without locking, RTLD_GLOBAL).</summary>
internal static unsafe partial class LibC
{
    // Linux x86-64 / arm64 values.
    public const int O_WRONLY = 0x1;
    public const int O_CREAT = 0x40;
    public const int O_APPEND = 0x400;
    public const int O_CLOEXEC = 0x80000;
    public const int RTLD_NOW = 0x2;
    public const int RTLD_GLOBAL = 0x100;

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    internal static partial int Open(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "dlopen", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint DlOpen(string path, int mode);

    [LibraryImport("libc", EntryPoint = "dlerror")]
    internal static partial byte* DlError();

    [LibraryImport("libc", EntryPoint = "getppid")]
    internal static partial int GetParentProcessId();

    [LibraryImport("libc", EntryPoint = "_exit")]
    internal static partial void ExitNow(int status);
}
