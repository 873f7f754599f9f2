using Conformance.Targets.Simulator;

namespace Conformance.Engine.DriverBuilds;

/// <summary>
/// `conformance build-driver`: compile an unmodified WDM driver for the simulator, then load it in a SimHost of its
/// own to show what DriverEntry made. The CLI and the tests both come here.
/// </summary>
public static class DriverBuild
{
    /// <summary>Compile; when that worked and <paramref name="loadCheck"/> is set, load and unload the library once.</summary>
    /// <exception cref="DriverBuildException">The build cannot start (sources, compiler, shim).</exception>
    public static async Task<DriverBuildReport> RunAsync(DriverBuildRequest request, bool loadCheck, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var compile = await DriverCompiler.CompileAsync(request, cancellationToken).ConfigureAwait(false);
        if (compile.Succeeded && !request.Coverage)
        {
            // Beside the library: how to build it again with coverage (run --coverage).
            DriverBuildRecipe.Write(request, compile.Sources);
        }

        if (!compile.Succeeded || !loadCheck)
        {
            return new DriverBuildReport(compile, null, null);
        }

        var options = new SimulatorOptions { DriverPath = request.Output, AccessTrace = request.AccessTrace };
        try
        {
            var load = await DriverLoadProbe.RunAsync(options, cancellationToken).ConfigureAwait(false);
            return new DriverBuildReport(compile, load, null);
        }
        catch (SimulatorStartException error)
        {
            return new DriverBuildReport(compile, null, error.Message);
        }
    }
}
