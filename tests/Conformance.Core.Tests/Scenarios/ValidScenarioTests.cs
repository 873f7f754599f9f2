using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>The example scenarios load cleanly and expand to the case count their first line declares (<c># cases: N</c>).</summary>
public partial class ValidScenarioTests
{
    public static IEnumerable<TestCaseData> ValidScenarios() =>
        Directory.EnumerateFiles(RepoPaths.ValidScenarios, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new TestCaseData(f).SetArgDisplayNames(Path.GetRelativePath(RepoPaths.ValidScenarios, f)));

    [TestCaseSource(nameof(ValidScenarios))]
    public void LoadsAndExpandsToTheDeclaredCount(string path)
    {
        var declared = CasesPattern().Match(File.ReadLines(path).First());
        Assert.That(declared.Success, Is.True, "first line must be '# cases: N'");

        var result = ScenarioLoader.LoadFile(path, RepoPaths.ValidScenarios, ScenarioText.Devices);

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(result.Value!.Cases, Has.Count.EqualTo(int.Parse(declared.Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.That(result.Value.Cases.Select(c => c.Id), Is.Unique);
    }

    [Test]
    public void TheWholeTreeLoadsAsACatalog()
    {
        var result = ScenarioCatalog.Load(RepoPaths.ValidScenarios, new ScenarioLoadOptions { DevicesDirectory = RepoPaths.Devices });

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        var catalog = result.Value!;
        Assert.That(catalog.Scenarios.Select(s => s.Id), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(catalog.Cases, Has.Count.EqualTo(catalog.Scenarios.Sum(s => s.Cases.Count)));
        Assert.That(catalog.FindCase(catalog.Cases[^1].Id), Is.SameAs(catalog.Cases[^1]));
        Assert.That(catalog.Devices.Select(d => d.Name), Is.EqualTo(new[] { "conformance-sample" }));
    }

    [GeneratedRegex(@"^# cases: (\d+)$")]
    private static partial Regex CasesPattern();
}
