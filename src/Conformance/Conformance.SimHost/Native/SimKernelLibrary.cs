using System.Reflection;
using System.Runtime.InteropServices;

namespace Conformance.SimHost.Native;

/// <summary>
/// Finds and loads libsimkernel.so. It is copied next to Conformance.SimHost.dll by the build, and loaded with
/// RTLD_GLOBAL: a WDM driver .so calls IoCompleteRequest and friends as plain undefined symbols, which the
/// dynamic linker can resolve against the shim only if the shim's symbols are global.
/// </summary>
internal static class SimKernelLibrary
{
    public const string FileName = "libsimkernel.so";

    private static nint s_handle;

    /// <summary>Where SimHost expects the library.</summary>
    public static string ExpectedPath => Path.Combine(AppContext.BaseDirectory, FileName);

    /// <summary>Load the library now so a missing or broken one is reported with its path, not at the first P/Invoke.</summary>
    /// <exception cref="DllNotFoundException">The file is missing or the dynamic linker refused it.</exception>
    public static void Load()
    {
        if (s_handle != 0)
        {
            return;
        }

        string path = ExpectedPath;
        if (!File.Exists(path))
        {
            throw new DllNotFoundException($"{FileName} not found at '{path}'. Build src/Conformance/SimKernel (make) or rebuild Conformance.SimHost, which runs make and copies it.");
        }

        nint handle = LibC.DlOpen(path, LibC.RTLD_NOW | LibC.RTLD_GLOBAL);
        if (handle == 0)
        {
            throw new DllNotFoundException($"Could not load '{path}': {LastDlError()}");
        }

        s_handle = handle;
        NativeLibrary.SetDllImportResolver(typeof(SimKernelLibrary).Assembly, Resolve);
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == FileName ? s_handle : 0;

    private static unsafe string LastDlError()
    {
        byte* message = LibC.DlError();
        return message == null ? "unknown dlopen error" : Marshal.PtrToStringUTF8((nint)message) ?? string.Empty;
    }
}
