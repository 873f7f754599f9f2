using Conformance.Running;

namespace Conformance.Reports;

/// <summary>One output format of a finished run (DESIGN.md section 9).</summary>
public interface IReportWriter
{
    /// <summary>File name inside the run's results folder, e.g. results.json.</summary>
    string FileName { get; }

    /// <summary>Write the whole report for <paramref name="run"/>; the stream is left open.</summary>
    void Write(RunResult run, Stream destination);
}
