using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>Loads scenarios written inline in tests against the repository's device profiles.</summary>
internal static class ScenarioText
{
    private static readonly Lazy<DeviceProfileSet> LazyDevices = new(() => DeviceProfileSet.LoadDirectory(RepoPaths.Devices));

    public static DeviceProfileSet Devices => LazyDevices.Value;

    public static DeviceProfile Sample => Devices.TryGet("conformance-sample", out var profile)
        ? profile
        : throw new InvalidOperationException(string.Join("\n", Devices.Errors));

    public static LoadResult<Scenario> Load(string yaml, string id = "inline/test") =>
        ScenarioLoader.LoadText(yaml, id, $"{id}.yaml", RepoPaths.ValidScenarios, Devices);

    /// <summary>Loads a scenario that must be valid; fails the test with its errors otherwise.</summary>
    public static Scenario Valid(string yaml, string id = "inline/test")
    {
        var result = Load(yaml, id);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        return result.Value!;
    }

    /// <summary>Loads a scenario that must fail with exactly one error; returns it.</summary>
    public static ScenarioError SingleError(string yaml)
    {
        var result = Load(yaml);
        Assert.That(result.Errors, Has.Count.EqualTo(1), () => string.Join("\n", result.Errors));
        Assert.That(result.Value, Is.Null);
        return result.Errors[0];
    }
}
