using System.Text.Json;

namespace Conformance.Reports.Tests;

[TestFixture]
public sealed class SarifWriterTests
{
    private static readonly string[] ErrorRules =
        ["BUGCHECK", "STACK_BUFFER_OVERRUN", "POOL_OVERFLOW", "USE_AFTER_FREE", "DOUBLE_FREE", "DATA_EXECUTION",
         "UNINITIALIZED_MEMORY", "NULL_DEREFERENCE", "HANG", "ARBITRARY_WRITE", "ARBITRARY_READ", "INFO_LEAK", "OUT_OF_BOUNDS_WRITE", "READONLY_WRITE",
         "UNPROBED_USER_ACCESS", "USER_ACCESS_OUTSIDE_TRY", "DOUBLE_FETCH", "UNEXPECTED_USER_ACCESS", "UNCHECKED_FILE_OPEN",
         "USER_VISIBLE_HANDLE", "IRP_NOT_COMPLETED"];

    private static readonly string[] WarningRules =
        ["WRONG_STATUS", "WRITE_PAST_INFORMATION", "WRONG_INFORMATION", "MISSING_EVENT", "UNEXPECTED_EVENT", "DEVICE_DEAD"];

    private static readonly string[] LeakRulesBySeverity = ["INFO_LEAK", "OUT_OF_BOUNDS_WRITE", "WRONG_STATUS", "WRONG_INFORMATION"];

    private JsonDocument document = null!;

    private JsonElement Run => document.RootElement.GetProperty("runs")[0];

    [OneTimeSetUp]
    public void Write() => document = JsonDocument.Parse(Rendered.Text(new SarifWriter(), SampleRun.Build()));

    [OneTimeTearDown]
    public void Dispose() => document.Dispose();

    [Test]
    public void DeclaresSarif210()
    {
        Assert.Multiple(() =>
        {
            Assert.That(document.RootElement.GetProperty("version").GetString(), Is.EqualTo("2.1.0"));
            Assert.That(document.RootElement.GetProperty("$schema").GetString(), Is.EqualTo("https://json.schemastore.org/sarif-2.1.0.json"));
            Assert.That(document.RootElement.GetProperty("runs").GetArrayLength(), Is.EqualTo(1));
            Assert.That(Run.GetProperty("tool").GetProperty("driver").GetProperty("name").GetString(), Is.EqualTo("Driver Conformance Suite"));
        });
    }

    [Test]
    public void OneRulePerCategoryWithItsLevel()
    {
        var rules = Run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
            .ToDictionary(r => r.GetProperty("id").GetString()!, r => r);
        Assert.That(rules.Keys, Is.EqualTo(ErrorRules.Concat(WarningRules)));
        Assert.Multiple(() =>
        {
            foreach (var id in ErrorRules)
            {
                Assert.That(Level(rules[id]), Is.EqualTo("error"), id);
            }

            foreach (var id in WarningRules)
            {
                Assert.That(Level(rules[id]), Is.EqualTo("warning"), id);
            }

            Assert.That(rules["INFO_LEAK"].GetProperty("shortDescription").GetProperty("text").GetString(), Is.Not.Empty);
        });
    }

    [Test]
    public void OneResultPerFindingLocatedAtTheScenario()
    {
        var results = Run.GetProperty("results").EnumerateArray().ToList();
        Assert.That(results, Has.Count.EqualTo(6));
        var leak = results.Where(r => r.GetProperty("properties").GetProperty("caseId").GetString() == SampleRun.LeakId).ToList();
        Assert.That(leak.Select(r => r.GetProperty("ruleId").GetString()),
            Is.EqualTo(LeakRulesBySeverity));
        var first = leak[0];
        var location = first.GetProperty("locations")[0].GetProperty("physicalLocation");
        Assert.Multiple(() =>
        {
            Assert.That(first.GetProperty("level").GetString(), Is.EqualTo("error"));
            Assert.That(leak[2].GetProperty("level").GetString(), Is.EqualTo("warning"));
            Assert.That(first.GetProperty("message").GetProperty("text").GetString(), Does.StartWith(SampleRun.LeakId + ": uninitialized"));
            Assert.That(location.GetProperty("artifactLocation").GetProperty("uri").GetString(), Is.EqualTo(SampleRun.ScenarioFile));
            Assert.That(location.GetProperty("region").GetProperty("startLine").GetInt32(), Is.EqualTo(SampleRun.ScenarioLine));
        });
    }

    [Test]
    public void ErrorsAndBlockedCasesAreNotificationsNotResults()
    {
        var notifications = Run.GetProperty("invocations")[0].GetProperty("toolExecutionNotifications").EnumerateArray()
            .Select(n => n.GetProperty("message").GetProperty("text").GetString()).ToList();
        Assert.That(notifications, Has.Count.EqualTo(2));
        Assert.That(notifications[0], Does.StartWith(SampleRun.ErrorId));
    }

    [Test]
    public void AbsolutePathsBecomeRelativeToTheRepositoryRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), "repo");
        var run = SampleRun.Build();
        var moved = run with
        {
            Results = [.. run.Results.Select(r => r with
            {
                Case = r.Case with
                {
                    Provenance = r.Case.Provenance with
                    {
                        Scenario = r.Case.Provenance.Scenario with { File = Path.Combine(root, "scenarios", "my dir", "x.yaml") },
                    },
                },
            })],
        };
        using var sarif = JsonDocument.Parse(Rendered.Text(new SarifWriter(root), moved));
        var location = sarif.RootElement.GetProperty("runs")[0].GetProperty("results")[0].GetProperty("locations")[0]
            .GetProperty("physicalLocation").GetProperty("artifactLocation");
        Assert.Multiple(() =>
        {
            Assert.That(location.GetProperty("uri").GetString(), Is.EqualTo("scenarios/my%20dir/x.yaml"));
            Assert.That(location.GetProperty("uriBaseId").GetString(), Is.EqualTo("SRCROOT"));
        });
    }

    private static string? Level(JsonElement rule) =>
        rule.GetProperty("defaultConfiguration").GetProperty("level").GetString();
}
