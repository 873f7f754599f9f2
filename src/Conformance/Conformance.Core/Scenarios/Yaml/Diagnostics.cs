using YamlDotNet.Core;

namespace Conformance.Scenarios.Yaml;

/// <summary>
/// Collects the errors of one file. Parsing goes on after an error so the user sees every problem at once;
/// the same message at the same place is kept once (an expansion can hit one bad value in many cases).
/// </summary>
internal sealed class Diagnostics(string file)
{
    // Past this, more errors are noise: the file is clearly not a scenario.
    private const int MaxErrors = 100;

    private readonly List<ScenarioError> _errors = [];
    private readonly HashSet<(long, long, string)> _seen = [];

    public string File { get; } = file;

    public IReadOnlyList<ScenarioError> Errors => _errors;

    public int Count => _errors.Count;

    public void Error(SourceNode node, string message, string? hint = null) => Error(node.Start, message, hint);

    public void Error(Mark mark, string message, string? hint = null) =>
        Error(Math.Max(1, mark.Line), Math.Max(1, mark.Column), message, hint);

    public void Error(long line, long column, string message, string? hint = null)
    {
        if (_errors.Count > MaxErrors || !_seen.Add((line, column, message)))
        {
            return;
        }

        _errors.Add(_errors.Count == MaxErrors
            ? new ScenarioError(File, line, column, "too many errors; stopped reporting", null)
            : new ScenarioError(File, line, column, message, hint));
    }

    /// <summary>Errors sorted by position, the order an editor lists them in.</summary>
    public IReadOnlyList<ScenarioError> Sorted() =>
        [.. _errors.OrderBy(e => e.Line).ThenBy(e => e.Column)];
}
