using Conformance.Engine.DriverBuilds;

namespace Conformance.Engine.Tests;

/// <summary>
/// tests/drivers/vulnerable-classes built by build-driver's engine, as a user would: the vulnerable build and its fixed
/// twin (the same sources with -D FIXED_TWIN=1), into a temporary folder the fixture removes.
/// </summary>
internal sealed class VulnerableClassesBuild : IDisposable
{
    public static readonly string Sources = Path.Combine(Repository.Root, "tests", "drivers", "vulnerable-classes");

    public static readonly string Catalog = Path.Combine(Sources, "scenarios");

    public const string Device = @"\Device\VulnerableClasses";

    private readonly string workspace = Directory.CreateTempSubdirectory("conformance-vulnclasses-").FullName;

    public string Vulnerable => Path.Combine(workspace, "libvulnerable_classes.so");

    public string Fixed => Path.Combine(workspace, "libvulnerable_classes_fixed.so");

    public static async Task<VulnerableClassesBuild> RunAsync()
    {
        var build = new VulnerableClassesBuild();
        await CompileAsync(build.Vulnerable, []);
        await CompileAsync(build.Fixed, ["FIXED_TWIN=1"]);
        return build;
    }

    public void Dispose() => Directory.Delete(workspace, recursive: true);

    private static async Task CompileAsync(string library, IReadOnlyList<string> defines)
    {
        var request = new DriverBuildRequest
        {
            Sources = [Sources],
            Output = library,
            ShimInclude = DriverBuildRequest.ShimIncludeIn(Repository.Root),
            Defines = defines,
        };
        var report = await DriverBuild.RunAsync(request, loadCheck: false, CancellationToken.None);
        Assert.That(report.Compile.Succeeded, Is.True, report.Compile.Diagnostics);
    }
}
