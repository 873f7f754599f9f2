using Conformance.Cli;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

/// <summary>
/// Ordinary mistakes, made with the real CLI process: one line on stderr, exit code 2, and no run folder left
/// behind (a nightly job must never mistake them for a run, and results/ must not fill with orphans).
/// </summary>
[TestFixture]
public sealed class UsageErrorTests
{
    private static readonly string[] Verbs = ["run", "validate", "selfcheck", "bench", "discover", "generate", "fuzz", "build-driver", "completion"];

    /// <summary>A defect variant number the reference driver does not have: one past its last.</summary>
    private static readonly string AbsentVariant =
        (Conformance.Engine.SeededDefect.All.Max(d => d.Number) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task ADefectVariantTheReferenceDriverDoesNotHaveIsOneLine()
    {
        string results = EmptyFolder();

        var outcome = await CliProcess.RunAsync(Repository.Root, "run", "--defect-variant", AbsentVariant, "--results", results);

        AssertUsageError(outcome, results, $"--defect-variant {AbsentVariant}");
    }

    [Test]
    public async Task ADriverThatIsNotThereIsOneLine()
    {
        string results = EmptyFolder();

        var outcome = await CliProcess.RunAsync(Repository.Root, "run", "--driver", "/nonexistent.so", "--results", results);

        AssertUsageError(outcome, results, "'/nonexistent.so' not found");
    }

    [Test]
    public async Task RunningOutsideTheRepositoryWithoutRootIsOneLine()
    {
        string outside = EmptyFolder();
        string results = EmptyFolder();

        var outcome = await CliProcess.RunAsync(outside, "run", "--results", results);

        AssertUsageError(outcome, results, $"No Conformance.sln above '{outside}'");
    }

    [Test]
    public async Task AFilterThatSelectsNoCaseIsAnErrorNamingTheFilter()
    {
        string results = EmptyFolder();

        var outcome = await CliProcess.RunAsync(Repository.Root, "run", "--filter", "nomatchxyz", "--results", results);

        AssertUsageError(outcome, results, "the filter 'nomatchxyz' selects none of the");
    }

    [Test]
    public async Task ADriverTheSimulatorCannotLoadIsOneLineAndItsRunFolderIsRemoved()
    {
        // Not the reference driver's path, so the variant is not checked up front: the load itself fails.
        string copy = Path.Combine(EmptyFolder(), "libother.so");
        File.Copy(Repository.ReferenceDriver, copy);
        string results = EmptyFolder();

        var outcome = await CliProcess.RunAsync(Repository.Root, "run", "--driver", copy, "--defect-variant", AbsentVariant, "--filter", "ping[", "--results", results);

        AssertUsageError(outcome, results, "the simulator could not load the driver");
    }

    [TestCase("--duration", "soon", "--duration 'soon'")]
    [TestCase("--device", "no-such-device", "--device no-such-device: no such device profile")]
    [TestCase("--ioctl", "IOCTL_NOPE", "--ioctl IOCTL_NOPE")]
    public async Task AFuzzMistakeIsOneLineAndLeavesNoCorpus(string option, string value, string fragment)
    {
        string corpus = EmptyFolder();

        var outcome = await CliProcess.RunAsync(Repository.Root, "fuzz", option, value, "--corpus", corpus);

        AssertUsageError(outcome, corpus, fragment);
    }

    [TestCaseSource(nameof(Verbs))]
    public async Task AnUnknownOptionIsAUsageErrorOnEveryVerb(string verb)
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, verb, "--no-such-option");

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
        Assert.That(outcome.ErrorLines, Has.Count.EqualTo(1), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("'--no-such-option'").And.Contains($"conformance {verb} --help"));
    }

    [TestCaseSource(nameof(Verbs))]
    public async Task HelpExplainsEveryOptionOfEveryVerb(string verb)
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, verb, "--help");

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Success), outcome.ToString());
        var optionLines = outcome.Out.Split('\n').SkipWhile(l => !l.StartsWith("Options:", StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.That(optionLines, Is.Not.Empty, outcome.ToString());
        foreach (string line in optionLines)
        {
            // "  --name <VALUE>   description": every option has its text.
            Assert.That(line.Trim().Split("  ", 2, StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(2), $"option without help text: {line}");
        }
    }

    [Test]
    public async Task RunHelpPrintsTheExitCodeTable()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "run", "--help");

        Assert.That(outcome.Out, Does.Contain("Exit codes:").And.Contains("130").And.Contains("--filter").And.Contains("--keep"));
    }

    [Test]
    public async Task VersionIsTheInformationalVersionOfTheTool()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root, "--version");

        string expected = typeof(ExitCodes).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;
        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Success), outcome.ToString());
        Assert.That(outcome.Out.Trim(), Is.EqualTo(expected));
    }

    [Test]
    public async Task NoVerbListsTheVerbsAsAUsageError()
    {
        var outcome = await CliProcess.RunAsync(Repository.Root);

        Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
        Assert.That(outcome.Error, Does.Contain("run").And.Contains("selfcheck").And.Contains("validate").And.Contains("Exit codes:"));
    }

    private static void AssertUsageError(CliOutcome outcome, string results, string fragment)
    {
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(ExitCodes.Usage), outcome.ToString());
            Assert.That(outcome.ErrorLines, Has.Count.EqualTo(1), outcome.ToString());
            Assert.That(outcome.Error, Does.Contain(fragment), outcome.ToString());
            Assert.That(Directory.EnumerateFileSystemEntries(results), Is.Empty, "no run folder is left behind");
        });
    }

    private static string EmptyFolder() => Directory.CreateTempSubdirectory("conformance-cli-").FullName;
}
