using System.Diagnostics;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Whether a process (SimHost, usually) is still there.</summary>
internal static class Processes
{
    public static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
