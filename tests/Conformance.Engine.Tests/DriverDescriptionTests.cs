namespace Conformance.Engine.Tests;

/// <summary>Reports and the journal name the driver that ran: the one given, else the catalog's own profile's, never the bundled one by default.</summary>
[TestFixture]
public sealed class DriverDescriptionTests
{
    private static readonly string LegacyCatalog = Path.Combine(Repository.Root, "tests", "drivers", "legacy-wdm", "scenarios");

    [Test]
    public void ACatalogWithItsOwnProfileNamesItsOwnDriver()
    {
        var settings = Repository.Settings() with { ScenariosRoot = LegacyCatalog };
        var devices = settings.LoadCatalog().Value!.Scenarios.SelectMany(s => s.Cases).Select(c => c.Device).DistinctBy(d => d.Name);

        Assert.That(TargetFactory.DescribeDriver(settings, devices),
            Is.EqualTo(Path.Combine(Repository.Root, "tests/drivers/legacy-wdm/build/liblegacy_wdm.so")));
    }

    [Test]
    public void AGivenDriverWinsAndAVariantIsNamed()
    {
        var settings = Repository.Settings(variant: 3) with { DriverPath = "/opt/drivers/libmine.so" };

        Assert.That(TargetFactory.DescribeDriver(settings, []), Is.EqualTo("/opt/drivers/libmine.so (DefectVariant=3)"));
    }
}
