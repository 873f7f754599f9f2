using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

public sealed class CatalogTests
{
    private DirectoryInfo _root = null!;

    [SetUp]
    public void CreateTree() => _root = Directory.CreateTempSubdirectory("conformance-catalog-");

    [TearDown]
    public void DeleteTree() => _root.Delete(true);

    [Test]
    public void OneBadFileFailsTheCatalogWithEveryErrorOfEveryFile()
    {
        CopySampleProfile();
        Write("good.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n");
        Write("sub/bad.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PONG\ninput: { sise: 4 }\n");
        Write("old.yml", "device: conformance-sample\n");
        Write("schema/ignored.yaml", "not: [a scenario");
        Write("notes.md", "not yaml at all: [");

        var result = ScenarioCatalog.Load(_root.FullName, Options());

        Assert.That(result.Value, Is.Null);
        Assert.That(result.Errors.Select(e => $"{Path.GetFileName(e.File)}:{e.Line}:{e.Column}"),
            Is.EqualTo(new[] { "old.yml:1:1", "bad.yaml:2:8", "bad.yaml:3:10" }));
        Assert.That(ScenarioValidator.Validate(_root.FullName, Options()), Is.EqualTo(result.Errors));
    }

    [Test]
    public void ScenarioOnABrokenProfileSaysSo()
    {
        Write("devices/broken.yaml", "name: broken\nopen: { windows: { path: x } }\nioctls: []\n");
        Write("uses-broken.yaml", "device: broken\nioctl: IOCTL_X\n");

        var errors = ScenarioValidator.Validate(_root.FullName, Options());

        Assert.That(errors.Select(e => e.Message), Is.EqualTo(new[] { "'ioctls' is empty", "device profile 'broken' has errors" }));
    }

    [Test]
    public void ScenariosOnOneBrokenProfileAreReportedOnceWithTheirCount()
    {
        // The profile's own error is the cause; one line per scenario that names it would bury it.
        Write("devices/broken.yaml", "name: broken\nopen: { windows: { path: x } }\nioctls: []\n");
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            Write($"{name}.yaml", "device: broken\nioctl: IOCTL_X\n");
        }

        var errors = ScenarioValidator.Validate(_root.FullName, Options());

        Assert.That(errors, Has.Count.EqualTo(2), string.Join("\n", errors));
        Assert.Multiple(() =>
        {
            Assert.That(errors[0].Message, Is.EqualTo("'ioctls' is empty"));
            Assert.That(errors[1].File, Is.EqualTo("a.yaml"));
            Assert.That(errors[1].Message, Is.EqualTo(
                "device profile 'broken' has errors; 4 more scenario files use it and were not checked (b.yaml, c.yaml, d.yaml and 1 more)"));
        });
    }

    [Test]
    public void ValidTreeExpandsInPathOrder()
    {
        CopySampleProfile();
        Write("b.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n");
        Write("a/z.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\nvary: { output.size: [0, 4] }\n");

        var result = ScenarioCatalog.Load(_root.FullName, Options());

        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));
        Assert.That(result.Value!.Cases.Select(c => c.Id), Is.EqualTo(new[] { "a/z[output.size=0]", "a/z[output.size=4]", "b" }));
        Assert.That(result.Value.Root, Is.EqualTo(_root.FullName));
    }

    [Test]
    public void FilesLoadedSideBySideKeepPathOrderForCasesAndErrors()
    {
        // Files are parsed in parallel; the catalog must not depend on which finished first.
        CopySampleProfile();
        var names = Enumerable.Range(0, 40).Select(i => $"f{i:00}").ToList();
        foreach (var name in names)
        {
            Write($"{name}.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\nvary: { output.size: [0, 4, 8] }\n");
            Write($"broken/{name}.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PONG\n");
        }

        var broken = ScenarioCatalog.Load(_root.FullName, Options());
        Assert.That(broken.Errors.Select(e => Path.GetFileNameWithoutExtension(e.File)), Is.EqualTo(names));

        Directory.Delete(Path.Combine(_root.FullName, "broken"), recursive: true);
        var valid = ScenarioCatalog.Load(_root.FullName, Options());
        Assert.That(valid.Value!.Cases.Select(c => c.Id),
            Is.EqualTo(names.SelectMany(n => new[] { 0, 4, 8 }.Select(size => $"{n}[output.size={size}]"))));
    }

    [Test]
    public void ErrorPathsAreRelativeToTheDisplayRoot()
    {
        CopySampleProfile();
        Write("x.yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\ninput: { sise: 4 }\n");

        var error = ScenarioValidator.Validate(_root.FullName, Options()).Single();

        Assert.That(error.ToString(), Is.EqualTo("x.yaml:3:10: error: unknown key 'sise' in input buffer. Did you mean 'size'?"));
    }

    [Test]
    public void MissingRootIsAnError() =>
        Assert.That(ScenarioValidator.Validate(Path.Combine(_root.FullName, "nope")).Single().Message, Does.Contain("not found"));

    [Test]
    public void FileNamesThatWouldBreakIdsAreRejected()
    {
        CopySampleProfile();
        Write("bad[name].yaml", "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n");

        Assert.That(ScenarioValidator.Validate(_root.FullName, Options()).Single().Message, Does.Contain("reserved in case ids"));
    }

    private ScenarioLoadOptions Options() => new() { DisplayRoot = _root.FullName };

    private void CopySampleProfile()
    {
        Directory.CreateDirectory(Path.Combine(_root.FullName, "devices"));
        File.Copy(Path.Combine(RepoPaths.Devices, "conformance-sample.yaml"), Path.Combine(_root.FullName, "devices", "conformance-sample.yaml"));
    }

    private void Write(string relative, string text)
    {
        var path = Path.Combine(_root.FullName, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
