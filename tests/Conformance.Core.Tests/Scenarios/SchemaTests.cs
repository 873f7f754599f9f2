using System.Text.Json;
using Conformance.Scenarios;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Tests.Scenarios;

/// <summary>The editor schemas must describe exactly what the loader accepts: same keys, same names, same axes.</summary>
public class SchemaTests
{
    private static readonly Lazy<JsonDocument> ScenarioSchema = new(() => Parse("scenario.schema.json"));
    private static readonly Lazy<JsonDocument> DeviceSchema = new(() => Parse("device.schema.json"));

    public static IEnumerable<TestCaseData> ScenarioKeySets() =>
        ScenarioSyntax.All.Select(k => new TestCaseData(k.SchemaName, k.Keys).SetArgDisplayNames(k.SchemaName));

    public static IEnumerable<TestCaseData> DeviceKeySets() =>
        DeviceProfileSyntax.All.Select(k => new TestCaseData(k.SchemaName, k.Keys).SetArgDisplayNames(k.SchemaName));

    [TestCase("scenario.schema.json")]
    [TestCase("device.schema.json")]
    public void SchemaIsDraft2020JsonWithResolvableReferences(string file)
    {
        using var schema = Parse(file);
        var root = schema.RootElement;

        Assert.That(root.GetProperty("$schema").GetString(), Is.EqualTo("https://json-schema.org/draft/2020-12/schema"));
        var defs = root.GetProperty("$defs");
        var refs = AllRefs(root).ToList();
        Assert.That(refs, Is.Not.Empty);
        foreach (var reference in refs)
        {
            Assert.That(reference, Does.StartWith("#/$defs/"));
            Assert.That(defs.TryGetProperty(reference["#/$defs/".Length..], out _), Is.True, $"{file}: unresolved {reference}");
        }
    }

    [TestCaseSource(nameof(ScenarioKeySets))]
    public void ScenarioSchemaKeysMatchTheLoader(string schemaName, IReadOnlyList<string> keys) =>
        Assert.That(PropertyNames(ScenarioSchema.Value, schemaName), Is.EquivalentTo(keys));

    [TestCaseSource(nameof(DeviceKeySets))]
    public void DeviceSchemaKeysMatchTheLoader(string schemaName, IReadOnlyList<string> keys) =>
        Assert.That(PropertyNames(DeviceSchema.Value, schemaName), Is.EquivalentTo(keys));

    [TestCase("vary")]
    [TestCase("selector")]
    public void SchemaAxesMatchTheVaryPaths(string definition) =>
        Assert.That(PropertyNames(ScenarioSchema.Value, definition), Is.EquivalentTo(ScenarioSyntax.VaryPaths));

    [Test]
    public void SchemaNamesMatchTheLoaderNames()
    {
        Assert.Multiple(() =>
        {
            Assert.That(EnumStrings("buffer_state"), Is.EqualTo(ScenarioSyntax.BufferStates.Names));
            Assert.That(EnumStrings("handle_access"), Is.EqualTo(ScenarioSyntax.HandleAccesses.Names));
            Assert.That(EnumStrings("racer_kind"), Is.EqualTo(ScenarioSyntax.RacerKinds.Names));
            Assert.That(EnumStrings("racer_target"), Is.EqualTo(ScenarioSyntax.RacerTargets.Names));
            Assert.That(EnumStrings("transfer_method"), Is.EqualTo(DeviceProfileSyntax.Methods.Names));
            Assert.That(EnumStrings("required_access"), Is.EqualTo(DeviceProfileSyntax.Accesses.Names));

            var statusEnums = Definition(ScenarioSchema.Value, "status_value").GetProperty("anyOf").EnumerateArray()
                .Where(e => e.TryGetProperty("enum", out _))
                .Select(e => e.GetProperty("enum").EnumerateArray().Select(v => v.GetString()!).ToList())
                .ToList();
            Assert.That(statusEnums[0], Is.EqualTo(NtStatus.Names));
            Assert.That(statusEnums[1], Is.EqualTo(ScenarioSyntax.StatusClasses.Names));
        });
    }

    [Test]
    public void SchemaPointerTargetsMatchTheLoaderNames()
    {
        var pattern = Definition(ScenarioSchema.Value, "pointer_target").GetProperty("oneOf").EnumerateArray()
            .Single(e => e.TryGetProperty("pattern", out _)).GetProperty("pattern").GetString()!;
        var names = pattern[(pattern.IndexOf('(', StringComparison.Ordinal) + 1)..pattern.IndexOf(')', StringComparison.Ordinal)].Split('|');

        Assert.That(names, Is.EqualTo(ScenarioSyntax.PointerTargets.Names));
    }

    [TestCase("input.pointer@8", true)]
    [TestCase("output.pointer@0x10", true)]
    [TestCase("input.pointer@0", true)]
    [TestCase("input.pointers[8]", false)]
    [TestCase("input.pointer@", false)]
    [TestCase("racer.pointer@8", false)]
    [TestCase("input.pointer@-1", false)]
    [TestCase("input.pointer[8]", false)]
    public void SchemaAndLoaderAgreeOnPointerAxisPaths(string path, bool isAxis)
    {
        foreach (var definition in new[] { "vary", "selector" })
        {
            var pattern = Definition(ScenarioSchema.Value, definition).GetProperty("patternProperties").EnumerateObject().Single().Name;
            Assert.That(System.Text.RegularExpressions.Regex.IsMatch(path, pattern), Is.EqualTo(isAxis), $"{definition}: {pattern}");
        }

        Assert.That(ScenarioSyntax.TryParsePointerPath(path, out _, out _), Is.EqualTo(isAxis));
    }

    [Test]
    public void ExamplesCarryTheEditorModelineToAnExistingSchema()
    {
        var files = Directory.EnumerateFiles(RepoPaths.ValidScenarios, "*.yaml", SearchOption.AllDirectories)
            .Append(Path.Combine(RepoPaths.Devices, "conformance-sample.yaml"));
        foreach (var file in files)
        {
            var modeline = File.ReadLines(file).Take(3).FirstOrDefault(l => l.StartsWith("# yaml-language-server: $schema=", StringComparison.Ordinal));
            Assert.That(modeline, Is.Not.Null, file);
            var schema = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, modeline!["# yaml-language-server: $schema=".Length..]));
            Assert.That(File.Exists(schema), Is.True, $"{file}: {schema}");
        }
    }

    private static JsonDocument Parse(string file) => JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Schema, file)));

    private static JsonElement Definition(JsonDocument schema, string name) =>
        name == "$root" ? schema.RootElement : schema.RootElement.GetProperty("$defs").GetProperty(name);

    private static List<string> PropertyNames(JsonDocument schema, string name) =>
        [.. Definition(schema, name).GetProperty("properties").EnumerateObject().Select(p => p.Name)];

    private static List<string> EnumStrings(string name) =>
        [.. Definition(ScenarioSchema.Value, name).GetProperty("enum").EnumerateArray()
            .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];

    private static IEnumerable<string> AllRefs(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "$ref")
                    {
                        yield return property.Value.GetString()!;
                    }

                    foreach (var inner in AllRefs(property.Value))
                    {
                        yield return inner;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var inner in element.EnumerateArray().SelectMany(AllRefs))
                {
                    yield return inner;
                }

                break;
        }
    }

    [Test]
    public void KeySetsHaveNoDuplicates()
    {
        foreach (var keys in ScenarioSyntax.All.Concat(DeviceProfileSyntax.All))
        {
            Assert.That(keys.Keys, Is.Unique, keys.SchemaName);
        }

        Assert.That(ScenarioSyntax.VaryPaths, Is.Unique);
        Assert.That(ScenarioSyntax.All.Select(k => k.SchemaName).Concat(["vary", "selector", "pointer_target"]), Is.Unique);
        Assert.That(new KeySet("x", "y", ["a"]).Contains("a"), Is.True);
    }
}
