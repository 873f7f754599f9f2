namespace Conformance.Engine.Tests;

/// <summary>--filter @FILE: exactly the listed case ids, and a list that names a case the catalog lacks is refused.</summary>
public sealed class CaseListTests
{
    private const string Ping = "conformance-sample/ping[output.declared_length=4,output.offset=0]";
    private const string Config = "conformance-sample/set-config[access=read,input.declared_length=size]";

    [Test]
    public void AListSelectsExactlyItsCasesInCatalogOrder()
    {
        string list = Write($"# a comment\n\n{Config}\n  {Ping}  \n");
        var settings = Repository.Settings("@" + list);

        var selected = settings.Select(settings.LoadCatalog().Value!);

        Assert.That(selected.Select(c => c.Id), Is.EquivalentTo(new[] { Ping, Config }));
    }

    [Test]
    public void AnIdTheCatalogDoesNotHaveIsRefusedWithItsLine()
    {
        string list = Write($"{Ping}\nconformance-sample/ping[gone=1]\n");
        var settings = Repository.Settings("@" + list);

        Assert.That(() => settings.Select(settings.LoadCatalog().Value!),
            Throws.TypeOf<CaseSelectionException>().With.Message.StartsWith($"{list}:2: no case 'conformance-sample/ping[gone=1]'"));
    }

    [Test]
    public void AListThatCannotBeReadIsRefused()
    {
        var settings = Repository.Settings("@/nonexistent/list.txt");
        Assert.That(() => settings.Select(settings.LoadCatalog().Value!),
            Throws.TypeOf<CaseSelectionException>().With.Message.Contains("cannot read the case list"));
    }

    [Test]
    public void TheWineSubsetNamesOnlyCasesOfTheCatalog()
    {
        // tools/wine-smoke.sh fires exactly this list; a scenario change that drops one of its cases shows here first.
        var settings = Repository.Settings("@" + Path.Combine(Repository.Root, "scenarios", "wine", "judgeable-cases.txt"));
        Assert.That(settings.Select(settings.LoadCatalog().Value!), Has.Count.GreaterThanOrEqualTo(50));
    }

    private static string Write(string text)
    {
        string path = Path.Combine(Directory.CreateTempSubdirectory("case-list-").FullName, "cases.txt");
        File.WriteAllText(path, text);
        return path;
    }
}
