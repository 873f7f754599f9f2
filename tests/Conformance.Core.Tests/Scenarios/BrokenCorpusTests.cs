using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>
/// Every file of BrokenScenarios/ and BrokenDevices/ must fail with exactly the one error its first line
/// declares: right position, right message, nothing else, and no crash.
/// </summary>
public class BrokenCorpusTests
{
    public static IEnumerable<TestCaseData> BrokenScenarios() => CorpusExpectation.Files(RepoPaths.BrokenScenarios);

    public static IEnumerable<TestCaseData> BrokenDevices() => CorpusExpectation.Files(RepoPaths.BrokenDevices);

    [TestCaseSource(nameof(BrokenScenarios))]
    public void BrokenScenarioYieldsExactlyItsError(string path)
    {
        var result = ScenarioLoader.LoadFile(path, RepoPaths.BrokenScenarios, ScenarioText.Devices);

        AssertSingleError(path, result.Errors);
        Assert.That(result.Value, Is.Null);
    }

    [TestCaseSource(nameof(BrokenDevices))]
    public void BrokenDeviceProfileYieldsExactlyItsError(string path)
    {
        var result = DeviceProfileSet.LoadFile(path);

        AssertSingleError(path, result.Errors);
        Assert.That(result.Value, Is.Null);
    }

    [Test]
    public void CorpusCoversAtLeastThirtyFiveBrokenScenarios() =>
        Assert.That(BrokenScenarios().Count(), Is.GreaterThanOrEqualTo(35));

    private static void AssertSingleError(string path, IReadOnlyList<ScenarioError> errors)
    {
        var expected = CorpusExpectation.Read(path);
        var all = string.Join("\n", errors);
        Assert.That(errors, Has.Count.EqualTo(1), all);
        var error = errors[0];
        Assert.Multiple(() =>
        {
            Assert.That(error.File, Does.EndWith(Path.GetFileName(path)), all);
            Assert.That((error.Line, error.Column), Is.EqualTo((expected.Line, expected.Column)), all);
            Assert.That(error.ToString(), Does.Contain(expected.Fragment), all);
            Assert.That(error.ToString(), Does.StartWith($"{error.File}:{error.Line}:{error.Column}: error: "));
        });
    }
}
