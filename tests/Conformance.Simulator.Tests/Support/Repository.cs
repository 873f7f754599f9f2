using System.Reflection;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Paths in the repository, from the ConformanceRoot the build stamped into this assembly.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ConformanceRoot").Value!;

    /// <summary>The reference driver built for the simulator (the SimHost build runs its make).</summary>
    public static string ReferenceDriver => Path.Combine(Root, "driver-under-test", "build", "sim", "libconformance_sample.so");

    public static string SimKernelInclude => Path.Combine(Root, "src", "Conformance", "SimKernel", "include");
}
