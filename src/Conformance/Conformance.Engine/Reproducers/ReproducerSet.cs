using Conformance.Running;
using Conformance.Verdicts;

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
        var failing = run.Results.Where(r => r.Verdict is CaseVerdict.Fail or CaseVerdict.Error && r.Outcome is not null).ToList();
        if (failing.Count == 0)
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

        int number = 0;
        foreach (var result in failing)
        {
            // Case ids hold [ ] = , # which scenario file names may not: number the files, the id is inside.
            string file = Path.Combine(folder, $"case-{++number:D5}.yaml");
            File.WriteAllText(file, ReproducerYaml.For(result, run.RunId, run.DriverDescription));
        }

        return folder;
    }
}
