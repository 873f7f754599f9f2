using Conformance.Engine;

namespace Conformance.Engine.Tests;

internal static class Repository
{
    public static string Root { get; } = RunSettings.FindRepositoryRoot(AppContext.BaseDirectory);

    /// <summary>Settings for a run over the real catalog whose reports go to a fresh temporary folder.</summary>
    public static RunSettings Settings(string? filter = null, uint variant = 0) => new()
    {
        RepositoryRoot = Root,
        ResultsRoot = Directory.CreateTempSubdirectory("conformance-results-").FullName,
        Filter = filter,
        DefectVariant = variant,
    };
}
