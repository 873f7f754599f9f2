using Conformance.Running;

namespace Conformance.Reports;

/// <summary>Writes every report of a run into its folder, results/&lt;run-id&gt;/ (DESIGN.md section 9).</summary>
/// <param name="writers">The formats to write.</param>
public sealed class ReportSet(IReadOnlyList<IReportWriter> writers)
{
    /// <summary>Every format: results.json, junit.xml, results.sarif and report.html.</summary>
    /// <param name="repositoryRoot">Root that SARIF paths are made relative to; see <see cref="SarifWriter"/>.</param>
    public static ReportSet All(string? repositoryRoot = null) =>
        new([new ResultsJsonWriter(), new JUnitWriter(), new SarifWriter(repositoryRoot), new HtmlReportWriter()]);

    /// <summary>The writers, in the order they run.</summary>
    public IReadOnlyList<IReportWriter> Writers { get; } = writers;

    /// <summary>The folder of a run: <paramref name="resultsRoot"/>/&lt;run-id&gt;.</summary>
    public static string RunFolder(string resultsRoot, string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        // The id names a folder; a separator or ".." would write reports outside results/.
        if (runId is "." or ".." || runId.IndexOfAny(['/', '\\']) >= 0 || runId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0)
        {
            throw new ArgumentException($"run id '{runId}' cannot be a folder name", nameof(runId));
        }

        return Path.Combine(resultsRoot, runId);
    }

    /// <summary>
    /// Write every report into <paramref name="resultsRoot"/>/&lt;run-id&gt;/ and return the files' paths in
    /// writer order. Each file is written beside its final name and then moved over it, so a reader (or a
    /// run interrupted mid-write) never leaves a half report under the real name.
    /// </summary>
    public IReadOnlyList<string> Write(RunResult run, string resultsRoot)
    {
        ArgumentNullException.ThrowIfNull(run);
        var folder = RunFolder(resultsRoot, run.RunId);
        Directory.CreateDirectory(folder);
        // The writers only read the run: write them side by side (results.json dominates on its own).
        var paths = Writers.Select(writer => Path.Combine(folder, writer.FileName)).ToArray();
        try
        {
            Parallel.For(0, Writers.Count, i => WriteOne(run, Writers[i], paths[i]));
        }
        catch (AggregateException error) when (error.InnerExceptions.Count > 0)
        {
            // Callers see the writer's own exception, as with a sequential write.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }

        return paths;
    }

    private static void WriteOne(RunResult run, IReportWriter writer, string path)
    {
        var partial = path + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                writer.Write(run, stream);
            }

            File.Move(partial, path, overwrite: true);
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }
}
