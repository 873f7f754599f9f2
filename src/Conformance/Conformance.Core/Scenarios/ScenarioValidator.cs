namespace Conformance.Scenarios;

/// <summary>The check behind <c>conformance validate</c>: load the whole tree and report every error.</summary>
public static class ScenarioValidator
{
    /// <summary>Every error of the scenario tree under <paramref name="scenariosRoot"/>; empty when it is valid.</summary>
    public static IReadOnlyList<ScenarioError> Validate(string scenariosRoot, ScenarioLoadOptions? options = null) =>
        ScenarioCatalog.Load(scenariosRoot, options).Errors;
}
