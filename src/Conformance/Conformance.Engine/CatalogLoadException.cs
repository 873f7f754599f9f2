using Conformance.Scenarios;

namespace Conformance.Engine;

/// <summary>The scenarios did not load; nothing was run. Carries every error with file, line and column.</summary>
public sealed class CatalogLoadException(IReadOnlyList<ScenarioError> errors)
    : Exception($"{errors.Count} scenario error(s); nothing was run:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}")
{
    /// <summary>The errors.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; } = errors;
}
