using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// Reports errors found while building cases. A bad combination usually repeats across many cases; it is
/// reported once, naming the first case that hits it, so the list stays readable.
/// </summary>
internal sealed class CaseReporter(Diagnostics diagnostics)
{
    private readonly HashSet<(long, long, string)> _seen = [];

    public string CaseLabel { get; set; } = "";

    public void Error(SourceNode node, string message, string? hint)
    {
        if (_seen.Add((node.Start.Line, node.Start.Column, message)))
        {
            diagnostics.Error(node, CaseLabel.Length == 0 ? message : $"{message} (in case {CaseLabel})", hint);
        }
    }
}
