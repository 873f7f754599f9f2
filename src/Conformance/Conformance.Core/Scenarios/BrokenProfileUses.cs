namespace Conformance.Scenarios;

/// <summary>
/// Scenarios that name a device profile which failed to load. Each would say the same thing; the first keeps the
/// error and counts the others, so the profile's own errors (the cause) are not buried under one line per file.
/// </summary>
internal static class BrokenProfileUses
{
    private const int FilesNamed = 3;

    internal const string Hint = "Fix the errors reported in its file first.";

    internal static string Message(string profile) => $"device profile '{profile}' has errors";

    /// <summary>The errors with every broken profile's uses folded into its first one; order is kept.</summary>
    internal static List<ScenarioError> Fold(IReadOnlyList<ScenarioError> errors, IReadOnlyCollection<string> brokenProfiles)
    {
        var uses = brokenProfiles.ToDictionary(Message, _ => new List<ScenarioError>(), StringComparer.Ordinal);
        foreach (var error in errors)
        {
            if (uses.TryGetValue(error.Message, out var list))
            {
                list.Add(error);
            }
        }

        var folded = new List<ScenarioError>(errors.Count);
        foreach (var error in errors)
        {
            if (!uses.TryGetValue(error.Message, out var list))
            {
                folded.Add(error);
            }
            else if (ReferenceEquals(list[0], error))
            {
                folded.Add(list.Count == 1 ? error : error with { Message = $"{error.Message}; {Others(list)}" });
            }
        }

        return folded;
    }

    private static string Others(List<ScenarioError> uses)
    {
        var others = uses.Skip(1).Select(e => e.File).ToList();
        var named = string.Join(", ", others.Take(FilesNamed));
        var more = others.Count > FilesNamed ? $" and {others.Count - FilesNamed} more" : "";
        var files = others.Count == 1 ? "file uses" : "files use";
        return $"{others.Count} more scenario {files} it and {(others.Count == 1 ? "was" : "were")} not checked ({named}{more})";
    }
}
