namespace Conformance.Tests;

/// <summary>Finds the repository from the test assembly, so corpora are read from the source tree, never stale copies.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    public static string Devices => Path.Combine(Scenarios, "devices");

    public static string Schema => Path.Combine(Scenarios, "schema");

    public static string TestProject => Path.Combine(Root, "tests", "Conformance.Core.Tests");

    public static string BrokenScenarios => Path.Combine(TestProject, "BrokenScenarios");

    public static string BrokenDevices => Path.Combine(TestProject, "BrokenDevices");

    public static string ValidScenarios => Path.Combine(TestProject, "ValidScenarios");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Conformance.sln not found above the test assembly");
    }
}
