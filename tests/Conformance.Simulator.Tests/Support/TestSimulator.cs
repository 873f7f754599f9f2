using Conformance.Targets.Simulator;

namespace Conformance.Simulator.Tests.Support;

/// <summary>Starts a SimulatorTarget on the real SimHost, libsimkernel.so and reference driver.</summary>
internal static class TestSimulator
{
    public static SimulatorOptions Options(uint? defectVariant = null) => new()
    {
        DriverPath = Repository.ReferenceDriver,
        DefectVariant = defectVariant,
    };

    public static async Task<SimulatorTarget> StartAsync(SimulatorOptions options, CancellationToken cancellationToken)
    {
        var target = new SimulatorTarget(options);
        try
        {
            await target.StartAsync(cancellationToken);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }
}
