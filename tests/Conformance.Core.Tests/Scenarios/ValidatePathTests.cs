using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>`conformance validate PATH`: a file, a folder or the root, each checked against the device profiles of its catalog.</summary>
public class ValidatePathTests
{
    [Test]
    public void OneScenarioFileOfTheCatalogHasNoErrors() =>
        Assert.That(ScenarioValidator.ValidatePath(Path.Combine(RepoPaths.Scenarios, "conformance-sample", "ping.yaml"), null), Is.Empty);

    [Test]
    public void ASubfolderOfTheCatalogFindsTheDeviceProfilesAbove() =>
        Assert.That(ScenarioValidator.ValidatePath(Path.Combine(RepoPaths.Scenarios, "conformance-sample"), null), Is.Empty);

    [Test]
    public void TheCatalogRootAndItsDeviceFolderHaveNoErrors()
    {
        Assert.That(ScenarioValidator.ValidatePath(RepoPaths.Scenarios, null), Is.Empty);
        Assert.That(ScenarioValidator.ValidatePath(RepoPaths.Devices, null), Is.Empty);
    }

    [Test]
    public void AScenarioOutsideAnyCatalogBorrowsTheRepositoryDeviceProfiles()
    {
        string folder = Directory.CreateTempSubdirectory("conformance-validate-").FullName;
        string copy = Path.Combine(folder, "ping.yaml");
        File.Copy(Path.Combine(RepoPaths.Scenarios, "conformance-sample", "ping.yaml"), copy);

        Assert.That(ScenarioValidator.ValidatePath(copy, RepoPaths.Scenarios), Is.Empty);
        Assert.That(ScenarioValidator.ValidatePath(copy, null).Single().Message, Does.Contain("no devices/ folder"));
    }

    [Test]
    public void OnlyTheFilesUnderTheGivenFolderAreChecked()
    {
        // A catalog with a broken file beside the folder that is validated.
        string catalog = Directory.CreateTempSubdirectory("conformance-validate-").FullName;
        Directory.CreateDirectory(Path.Combine(catalog, "devices"));
        File.Copy(Path.Combine(RepoPaths.Devices, "conformance-sample.yaml"), Path.Combine(catalog, "devices", "conformance-sample.yaml"));
        Directory.CreateDirectory(Path.Combine(catalog, "good"));
        File.Copy(Path.Combine(RepoPaths.Scenarios, "conformance-sample", "ping.yaml"), Path.Combine(catalog, "good", "ping.yaml"));
        File.Copy(Path.Combine(RepoPaths.BrokenScenarios, "unknown-ioctl.yaml"), Path.Combine(catalog, "broken.yaml"));

        Assert.That(ScenarioValidator.ValidatePath(Path.Combine(catalog, "good"), null), Is.Empty);
        Assert.That(ScenarioValidator.ValidatePath(catalog, null), Has.Count.EqualTo(1));
    }

    [Test]
    public void APathThatIsNotThereIsOneError() =>
        Assert.That(ScenarioValidator.ValidatePath("/nonexistent/scenario.yaml", RepoPaths.Scenarios).Single().Message, Is.EqualTo("no such file or folder"));

    [Test]
    public void AYamlSyntaxErrorFromTheParserCarriesAHint()
    {
        var errors = ScenarioValidator.ValidatePath(Path.Combine(RepoPaths.BrokenScenarios, "multiple-documents.yaml"), RepoPaths.Scenarios);
        var syntax = ScenarioLoader.LoadText("device: a\nioctl: b\n  expect: c\n", "x", "x.yaml", RepoPaths.Scenarios, ScenarioText.Devices).Errors;

        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(syntax.Single().Message, Does.StartWith("YAML syntax error"));
        Assert.That(syntax.Single().Hint, Is.Not.Null.And.Not.Empty);
    }
}
