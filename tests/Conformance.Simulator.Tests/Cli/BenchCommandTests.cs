using System.Text.Json;
using Conformance.Cli;
using Conformance.Cli.Commands.Bench;
using Conformance.Engine;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Cli;

[TestFixture]
public sealed class BenchCommandTests
{
    [Test]
    public void JsonHasEveryKeyWithTheRatiosOfTheRates()
    {
        string json = BenchReport.ToJson(new BenchResult(25_000, 75_000, 100_000), new EngineBenchResult(300, 0.3, 0.2, new EnginePhases(0.05, 0.2, 0.05), 0.9), new CaptureBenchResult(250_000, 0, 0.25), new AccessTraceBenchResult(0.6, 0.4), 21_000);

        using var document = JsonDocument.Parse(json);
        var properties = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.That(properties.Keys, Is.EqualTo(new[] { "single_calls_per_s", "batched_calls_per_s", "ceiling_calls_per_s", "single_ratio", "batch_ratio", "engine_cases_per_s", "engine_overhead", "engine_load_s", "engine_run_s", "engine_reports_s", "target_s", "engine_cold_s", "events_per_s", "events_lost", "capture_overhead_s", "trace_overhead", "fuzz_execs_per_s" }));
        Assert.That(properties["single_ratio"], Is.EqualTo(0.25));
        Assert.That(properties["batch_ratio"], Is.EqualTo(0.75));
        Assert.That(properties["engine_cases_per_s"], Is.EqualTo(1000));
        Assert.That(properties["engine_overhead"], Is.EqualTo(0.5));
        Assert.That(properties["engine_load_s"] + properties["engine_run_s"] + properties["engine_reports_s"], Is.EqualTo(0.3).Within(1e-9));
        Assert.That(properties["target_s"], Is.EqualTo(0.2));
        Assert.That(properties["engine_cold_s"], Is.EqualTo(0.9));
        Assert.That(properties["events_per_s"], Is.EqualTo(250_000));
        Assert.That(properties["capture_overhead_s"], Is.EqualTo(0.25));
        Assert.That(properties["trace_overhead"], Is.EqualTo(0.5));
        Assert.That(properties["fuzz_execs_per_s"], Is.EqualTo(21_000));
    }

    [Test]
    public async Task UnknownVerbIsAUsageError()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int exitCode = await CommandDispatcher.RunAsync(["nope"], CommandTable.All, new CommandConsole(output, error), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.ToString(), Does.Contain("'nope'").And.Contains("conformance --help"));
    }

    [Test]
    public async Task BadOptionValuePointsAtTheVerbHelp()
    {
        var error = new StringWriter();

        int exitCode = await CommandDispatcher.RunAsync(["bench", "--seconds", "-1"], CommandTable.All, new CommandConsole(TextWriter.Null, error), CancellationToken.None);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Usage));
        Assert.That(error.ToString(), Does.Contain("--seconds expects a positive number").And.Contains("conformance bench --help"));
    }

    [Test]
    // A hang guard, not a speed limit: the engine, capture and access trace rounds are fixed counts, not
    // --seconds, and take ~50 s together in a Debug build on a busy 2-core machine.
    [CancelAfter(180_000)]
    public async Task BenchAgainstTheRealSimulatorPrintsOneJsonObject(CancellationToken cancellationToken)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        // Short on purpose: this checks the verb works end to end; the speed itself belongs to `conformance bench`.
        int exitCode = await CommandDispatcher.RunAsync(
            ["bench", "--json", "--seconds", "0.2", "--warmup", "0.05", "--driver", Repository.ReferenceDriver],
            CommandTable.All,
            new CommandConsole(output, error),
            cancellationToken);

        Assert.That(exitCode, Is.EqualTo(ExitCodes.Success), error.ToString());
        using var document = JsonDocument.Parse(output.ToString());
        Assert.That(document.RootElement.GetProperty("ceiling_calls_per_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("single_calls_per_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("batched_calls_per_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("engine_cases_per_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("engine_cold_s").GetDouble(), Is.GreaterThan(0));
        Assert.That(document.RootElement.GetProperty("trace_overhead").GetDouble(), Is.GreaterThan(-1)); // a ratio of two positive times
        Assert.That(document.RootElement.GetProperty("fuzz_execs_per_s").GetDouble(), Is.GreaterThan(0));
    }
}
