using System.Diagnostics;
using System.Text.Json;
using Conformance.Engine;

namespace Conformance.Windows.Tests;

/// <summary>
/// The Windows target for real, as far as this machine allows: tools/wine-smoke.sh builds the reference driver's
/// .sys, publishes the win-x64 CLI, and fires the Wine-judgeable subset of the catalog (scenarios/wine/) with
/// --target windows through NtDeviceIoControlFile at the driver loaded by Wine's ntoskrnl (docs/wine.md).
/// </summary>
[Category("wine")]
[NonParallelizable]
public sealed class WineSmokeTests
{
    private static readonly string Root = RunSettings.FindRepositoryRoot(AppContext.BaseDirectory);

    [Test]
    public void CleanDriverEveryJudgeableCasePassesWithTheDriversOwnAnswers()
    {
        var (exit, results, log) = Smoke();
        Assert.That(exit, Is.Zero, log);
        using var json = JsonDocument.Parse(File.ReadAllText(results));
        var run = json.RootElement;
        var cases = run.GetProperty("cases").EnumerateArray().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(run.GetProperty("target").GetString(), Is.EqualTo("windows"));
            Assert.That(cases, Has.Count.GreaterThanOrEqualTo(50));
            Assert.That(cases.Select(c => c.GetProperty("verdict").GetString()), Is.All.EqualTo("pass"));
            Assert.That(cases.Select(c => c.GetProperty("end").GetString()), Is.All.EqualTo("completed"), "every call returned through NtDeviceIoControlFile");
            // Statuses only the driver gives (its own validation), not the I/O manager's:
            Assert.That(cases.Select(c => c.GetProperty("status").GetString()),
                Does.Contain("STATUS_BUFFER_TOO_SMALL").And.Contain("STATUS_INVALID_PARAMETER").And.Contain("STATUS_SUCCESS"));
            // Wine has no ETW: event expectations are said to be not judged, never passed silently.
            Assert.That(cases.Where(c => c.GetProperty("id").GetString()!.Contains("/ping[", StringComparison.Ordinal))
                .Select(c => string.Join(";", c.GetProperty("not_judged").EnumerateArray().Select(e => e.GetString()))),
                Is.All.Contains("events:"));
        });
    }

    [Test]
    public void DefectVariant5ChangesAGoodBufferAnswerAndIsCaught()
    {
        // information-overreport (driver-under-test/DEFECTS.md #5): Information = out instead of the bytes written.
        var (exit, results, log) = Smoke("--defect-variant", "5");
        Assert.That(exit, Is.EqualTo(1), log);
        using var json = JsonDocument.Parse(File.ReadAllText(results));
        var failing = json.RootElement.GetProperty("cases").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() != "pass").ToList();
        Assert.That(failing, Is.Not.Empty);
        Assert.That(failing.Select(c => c.GetProperty("ioctl").GetString()), Is.All.EqualTo("IOCTL_SAMPLE_BUFFERED_TRANSFORM"));
        Assert.That(failing.SelectMany(c => c.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("category").GetString())),
            Is.All.EqualTo("WRONG_INFORMATION"));
    }

    /// <summary>Run the smoke; its last line is the results.json path.</summary>
    private static (int Exit, string Results, string Log) Smoke(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Root };
        start.ArgumentList.Add(Path.Combine(Root, "tools", "wine-smoke.sh"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        string log = output + error.Result;
        string last = output.TrimEnd().Split('\n')[^1];
        return (process.ExitCode, last, log.Length > 4000 ? log[^4000..] : log);
    }
}
