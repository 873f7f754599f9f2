using Conformance.Cli;
using Conformance.Engine;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

/// <summary>What `conformance run` leaves and shows: --keep retention, plain progress lines when redirected, completions.</summary>
[TestFixture]
public sealed class RunOutputTests
{
    [Test]
    [CancelAfter(120_000)]
    public async Task KeepLeavesTheNewestRunFoldersAndWhatIsNotARun(CancellationToken cancellationToken)
    {
        string results = Directory.CreateTempSubdirectory("conformance-keep-").FullName;
        Directory.CreateDirectory(Path.Combine(results, "my-notes"));
        string[] options = ["run", "--root", Repository.Root, "--filter", "ping[", "--results", results, "--keep", "2"];

        for (int i = 0; i < 3; i++)
        {
            Assert.That(await CommandDispatcher.RunAsync(options, CommandTable.All, new CommandConsole(TextWriter.Null, TextWriter.Null), cancellationToken), Is.Zero);
        }

        var runs = Directory.EnumerateDirectories(results).Where(ResultsRetention.IsRunFolder).ToList();
        Assert.That(runs, Has.Count.EqualTo(2));
        Assert.That(Directory.Exists(Path.Combine(results, "my-notes")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(results, "latest")), Is.True, "latest still points at a run");
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task ProgressIntoAPipeIsPlainLinesWithoutAnsiCodes(CancellationToken cancellationToken)
    {
        string results = Directory.CreateTempSubdirectory("conformance-progress-").FullName;
        var error = new StringWriter();

        int exitCode = await CommandDispatcher.RunAsync(["run", "--root", Repository.Root, "--filter", "neither-transform[", "--results", results],
            CommandTable.All, new CommandConsole(TextWriter.Null, error), cancellationToken);

        Assert.That(exitCode, Is.Zero, error.ToString());
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Some.Match(@"^run: \d+/\d+ fired").And.Some.Match(@"^run: (\d+)/\1 judged, 0 failing"));
        Assert.That(error.ToString(), Does.Not.Contain("\u001b").And.Not.Contain("\r"));
        Assert.That(lines, Has.Length.LessThan(40), "a line per tenth of the cases, not one per case");
    }

    [Test]
    public async Task TheSuggestDirectiveCompletesOptionValues()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "[suggest:13]", "run --target ");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.ToString());
        Assert.That(outcome.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "simulator", "windows" }));
    }

    [Test]
    public async Task TheBashCompletionScriptAsksTheToolItself()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "completion", "bash");

        Assert.That(outcome.ExitCode, Is.Zero, outcome.ToString());
        Assert.That(outcome.Out, Does.Contain("complete -o default -F _conformance_complete conformance").And.Contains("[suggest:"));
    }
}
