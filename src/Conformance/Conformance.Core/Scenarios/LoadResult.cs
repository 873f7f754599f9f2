namespace Conformance.Scenarios;

/// <summary>
/// Either a fully valid value or the complete list of errors; never both, never half of a value.
/// Loaders return this instead of throwing, because a bad file is an expected input.
/// </summary>
public sealed class LoadResult<T>
    where T : class
{
    private LoadResult(T? value, IReadOnlyList<ScenarioError> errors)
    {
        Value = value;
        Errors = errors;
    }

    /// <summary>The loaded value; null when <see cref="Errors"/> is not empty.</summary>
    public T? Value { get; }

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; }

    /// <summary>True when the value loaded without errors.</summary>
    public bool Succeeded => Errors.Count == 0;

    internal static LoadResult<T> Success(T value) => new(value, []);

    internal static LoadResult<T> Failure(IReadOnlyList<ScenarioError> errors) => new(null, errors);
}
