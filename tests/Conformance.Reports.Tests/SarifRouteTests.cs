using System.Text.Json;

namespace Conformance.Reports.Tests;

/// <summary>
/// SARIF artifact locations resolve to scenario files that exist, whichever route made the run: the CLI runs in
/// the repository root, the NUnit suite in its bin folder (where the scenarios are not).
/// </summary>
[TestFixture]
[NonParallelizable] // one test changes the process's working directory
public sealed class SarifRouteTests
{
    private string results = "";

    [SetUp]
    public void CreateFolder() => results = Directory.CreateTempSubdirectory("sarif-route-").FullName;

    [TearDown]
    public void DeleteFolder() => Directory.Delete(results, recursive: true);

    [Test]
    public async Task TheSuiteRouteFromTheBinFolderPointsAtRealFiles()
    {
        // Test hosts run in the test assembly's bin folder, as the NUnit suite does.
        Assert.That(Path.GetFullPath(Environment.CurrentDirectory), Is.Not.EqualTo(EngineRun.RepositoryRoot));
        var folder = await EngineRun.DefectRunAsync(results);
        AssertEveryLocationExists(folder);
    }

    [Test]
    public async Task TheCliRouteFromTheRepositoryRootPointsAtRealFiles()
    {
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = EngineRun.RepositoryRoot;
        try
        {
            var folder = await EngineRun.DefectRunAsync(results);
            AssertEveryLocationExists(folder);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    private static void AssertEveryLocationExists(string runFolder)
    {
        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(runFolder, "results.sarif")));
        var run = sarif.RootElement.GetProperty("runs")[0];
        var root = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!);
        var locations = run.GetProperty("results").EnumerateArray()
            .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"))
            .ToList();
        Assert.That(locations, Is.Not.Empty, "the defect run should have findings");
        Assert.That(root.LocalPath.TrimEnd('/'), Is.EqualTo(EngineRun.RepositoryRoot.TrimEnd('/')));
        foreach (var location in locations)
        {
            var uri = location.GetProperty("uri").GetString()!;
            Assert.Multiple(() =>
            {
                Assert.That(location.GetProperty("uriBaseId").GetString(), Is.EqualTo("SRCROOT"));
                Assert.That(uri, Does.StartWith("scenarios/conformance-sample/"));
                Assert.That(File.Exists(new Uri(root, uri).LocalPath), Is.True, uri);
            });
        }
    }
}
