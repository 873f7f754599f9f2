using Conformance.Targets;
using Conformance.Targets.Simulator;

namespace Conformance.SimKernel.Tests;

/// <summary>Paths and one-call helpers shared by the fixtures.</summary>
internal static class Simulator
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ExerciserPath => Path.Combine(RepositoryRoot, "tests/drivers/shim-exerciser/build/libshim_exerciser.so");

    public static string ReferenceDriverPath => Path.Combine(RepositoryRoot, "driver-under-test/build/sim/libconformance_sample.so");

    public static async Task<SimulatorTarget> StartAsync(string driverPath, string deviceName, uint? defectVariant = null, bool accessTrace = true)
    {
        var target = new SimulatorTarget(new SimulatorOptions
        {
            DriverPath = driverPath,
            DeviceName = deviceName,
            DefectVariant = defectVariant,
            CallTimeout = TimeSpan.FromSeconds(20),
            AccessTrace = accessTrace,
        });
        await target.StartAsync(CancellationToken.None);
        return target;
    }

    public static async Task<CallOutcome> CallAsync(IDeviceTarget target, IoctlCall call)
    {
        var outcomes = await target.ExecuteAsync([call], CancellationToken.None);
        var outcome = outcomes.Single();
        if (outcome.End != CallEnd.Completed)
        {
            await target.RestartAsync(CancellationToken.None);
        }

        return outcome;
    }

    public static BufferSpec Buffer(BufferMemoryState state, uint size, uint offset = 0, uint? declared = null, byte fill = 0x11) =>
        new(state, size, offset, declared ?? size, ReadOnlyMemory<byte>.Empty, fill);

    public static BufferSpec Bytes(byte[] content, BufferMemoryState state = BufferMemoryState.ReadWrite) =>
        new(state, (uint)content.Length, 0, (uint)content.Length, content, 0);

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Conformance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Conformance.sln not found above the test binaries.");
    }
}
