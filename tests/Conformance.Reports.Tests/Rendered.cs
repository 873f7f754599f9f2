using System.Text;
using Conformance.Running;

namespace Conformance.Reports.Tests;

/// <summary>Runs a writer into memory, as the tests read reports as text.</summary>
internal static class Rendered
{
    public static string Text(IReportWriter writer, RunResult run)
    {
        using var stream = new MemoryStream();
        writer.Write(run, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
