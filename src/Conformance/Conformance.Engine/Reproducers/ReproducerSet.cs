using Conformance.Reports;
using Conformance.Running;

namespace Conformance.Engine.Reproducers;

/// <summary>
/// Writes a reproducer scenario for every failing or erroring case into results/&lt;run&gt;/repro/, with the
/// device profiles beside them, so `conformance run --scenarios results/&lt;run&gt;/repro` (plus the run's
/// --defect-variant or --driver) replays exactly those calls.
/// </summary>
public static class ReproducerSet
{
    /// <summary>Write the reproducers of <paramref name="run"/>; returns the folder, or null when nothing failed.</summary>
    public static string? Write(RunResult run, string runDirectory, string scenariosRoot)
    {
        var numbers = ReproduceCommand.Numbers(run.Results);
        if (numbers.Count == 0)
        {
            return null;
        }

        string folder = Path.Combine(runDirectory, "repro");
        string devices = Path.Combine(folder, "devices");
        Directory.CreateDirectory(devices);
        foreach (string profile in Directory.EnumerateFiles(Path.Combine(scenariosRoot, "devices"), "*.yaml"))
        {
            File.Copy(profile, Path.Combine(devices, Path.GetFileName(profile)), overwrite: true);
        }

        // Numbered by the rule the reports use for their reproduce commands, so each command names a file written here.
        foreach (var (index, number) in numbers)
        {
            string file = Path.Combine(folder, ReproduceCommand.ScenarioId(number) + ".yaml");
            File.WriteAllText(file, ReproducerYaml.For(run.Results[index], run.RunId, run.DriverDescription));
        }

        return folder;
    }
}
