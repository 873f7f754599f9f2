using System.Diagnostics;
using System.Text.Json;
using Conformance.Cli;
using Conformance.Running;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

/// <summary>`conformance run --resume`: a run whose process was killed mid-way is finished from its journal.</summary>
[TestFixture]
public sealed class RunResumeTests
{
    [Test]
    [CancelAfter(180_000)]
    public async Task AKilledRunIsResumedFromItsJournalAndItsReportsCoverEveryCaseOnce(CancellationToken cancellationToken)
    {
        var results = Directory.CreateTempSubdirectory("conformance-resume-");
        string[] options = ["--root", Repository.Root, "--defect-variant", "2", "--results", results.FullName];

        // A real `conformance run` process, killed (SIGKILL: no cleanup at all) once its first batch has returned.
        string journal = await KillOnceABatchReturnedAsync(["run", .. options], results.FullName, cancellationToken);
        string runFolder = Path.GetDirectoryName(journal)!;
        Assert.That(File.Exists(Path.Combine(runFolder, "results.json")), Is.False, "the kill must land mid-run");

        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = await CommandDispatcher.RunAsync(["run", .. options, "--resume", runFolder], CommandTable.All, new CommandConsole(output, error), cancellationToken);

        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results.json")));
        var ids = document.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        var summary = document.RootElement.GetProperty("summary");
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure), "variant 2 fails cases; " + error);
            Assert.That(output.ToString(), Does.StartWith($"resuming {Path.GetFileName(runFolder)}: "));
            Assert.That(ids, Is.Unique);
            Assert.That(summary.GetProperty("total").GetInt32(), Is.EqualTo(ids.Count).And.GreaterThan(600));
            Assert.That(summary.GetProperty("failed").GetInt32(), Is.GreaterThan(0));
            Assert.That(summary.GetProperty("errors").GetInt32(), Is.Zero, "nothing is blamed for the kill in the simulator");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task CtrlCStopsTheRunWithoutBlamingTheBatchItInterruptedAndSaysHowToContinue(CancellationToken cancellationToken)
    {
        var results = Directory.CreateTempSubdirectory("conformance-interrupt-");
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var error = new StringWriter();
        var run = CommandDispatcher.RunAsync(["run", "--root", Repository.Root, "--defect-variant", "2", "--results", results.FullName],
            CommandTable.All, new CommandConsole(TextWriter.Null, error), ctrlC.Token);
        string? journal = null;
        while (!run.IsCompleted && journal is null)
        {
            journal = JournalWithAnOutcome(results.FullName);
            await Task.Delay(5, cancellationToken);
        }

        await ctrlC.CancelAsync();
        int exitCode = await run;

        var history = JournalHistory.Read(journal!);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(ExitCodes.Interrupted), error.ToString());
            Assert.That(error.ToString(), Does.Contain($"conformance run --resume {Path.GetDirectoryName(journal)}"));
            Assert.That(history.InFlight, Is.Null, "a cancelled batch is abandoned, not left looking like a crash");
            Assert.That(history.Outcomes, Is.Not.Empty);
        });
    }

    [Test]
    public async Task CtrlCWhileAResumeIsStillStartingSaysHowToContinue()
    {
        var results = Directory.CreateTempSubdirectory("conformance-interrupt-resume-");
        string[] options = ["--root", Repository.Root, "--filter", "ping[", "--results", results.FullName];
        Assert.That(await CommandDispatcher.RunAsync(["run", .. options], CommandTable.All, new CommandConsole(TextWriter.Null, TextWriter.Null), CancellationToken.None), Is.Zero);
        string folder = Path.Combine(results.FullName, "latest");

        var error = new StringWriter();
        int exitCode = await CommandDispatcher.RunAsync(["run", .. options, "--resume", folder], CommandTable.All, new CommandConsole(TextWriter.Null, error), new CancellationToken(canceled: true));

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Interrupted), error.ToString());
        Assert.That(error.ToString(), Does.Contain($"conformance run --resume {folder}"));
    }

    [Test]
    public async Task ResumingSomethingThatIsNotARunSaysWhatToPass()
    {
        var error = new StringWriter();
        var notARun = Directory.CreateTempSubdirectory("conformance-not-a-run-");
        int exitCode = await CommandDispatcher.RunAsync(["run", "--root", Repository.Root, "--resume", notARun.FullName], CommandTable.All, new CommandConsole(TextWriter.Null, error), CancellationToken.None);
        Assert.That(exitCode, Is.EqualTo(ExitCodes.Failure));
        Assert.That(error.ToString(), Does.Contain("cannot resume").And.Contains("results/<run-id>/"));
    }

    private static async Task<string> KillOnceABatchReturnedAsync(string[] arguments, string resultsRoot, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "conformance.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        try
        {
            while (!cancellationToken.IsCancellationRequested && !process.HasExited)
            {
                if (JournalWithAnOutcome(resultsRoot) is { } journal)
                {
                    process.Kill();
                    await process.WaitForExitAsync(cancellationToken);
                    return journal;
                }

                await Task.Delay(5, cancellationToken);
            }

            Assert.Fail($"the run ended (exit {process.ExitCode}) before a batch returned");
            return string.Empty;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>The journal of the run under <paramref name="resultsRoot"/> once a batch has returned, else null.</summary>
    private static string? JournalWithAnOutcome(string resultsRoot) =>
        Directory.EnumerateFiles(resultsRoot, "journal.txt", SearchOption.AllDirectories)
            .FirstOrDefault(j => ReadShared(j).Contains("\noutcome ", StringComparison.Ordinal));

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
