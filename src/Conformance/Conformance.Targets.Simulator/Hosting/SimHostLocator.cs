using System.Runtime.InteropServices;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>
/// Finds Conformance.SimHost.dll and the dotnet host that runs it. The project reference copies SimHost next
/// to this assembly, so the default needs no configuration in the tests, the CLI or a published tool.
/// </summary>
internal static class SimHostLocator
{
    public const string SimHostAssemblyFileName = "Conformance.SimHost.dll";

    public static string FindSimHost(SimulatorOptions options)
    {
        string path = options.SimHostPath is { } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(ClientDirectory(), SimHostAssemblyFileName);
        if (!File.Exists(path))
        {
            throw new SimulatorStartException(
                $"SimHost not found at '{path}'. It is copied there by the project reference to Conformance.SimHost; " +
                "rebuild, or set SimulatorOptions.SimHostPath.");
        }

        string runtimeConfig = Path.ChangeExtension(path, ".runtimeconfig.json");
        if (!File.Exists(runtimeConfig))
        {
            throw new SimulatorStartException($"SimHost at '{path}' has no '{Path.GetFileName(runtimeConfig)}' beside it, so dotnet cannot run it; rebuild Conformance.SimHost.");
        }

        return path;
    }

    public static string FindDotnet(SimulatorOptions options)
    {
        if (options.DotnetPath is { } configured)
        {
            return configured;
        }

        // Set by the SDK for `dotnet test` / `dotnet run` and their children.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } processPath && Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            return processPath;
        }

        // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
        string runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory();
        string candidate = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", "..", "dotnet"));
        return File.Exists(candidate) ? candidate : "dotnet";
    }

    private static string ClientDirectory()
    {
        string location = typeof(SimHostLocator).Assembly.Location;
        return string.IsNullOrEmpty(location) ? AppContext.BaseDirectory : Path.GetDirectoryName(location)!;
    }
}
