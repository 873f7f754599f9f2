using Conformance.Engine;

namespace Conformance.Cli.Options;

/// <summary>The repository a verb works in: --root, else the folder holding Conformance.sln above the current directory.</summary>
internal static class RepositoryLocator
{
    public static string Find(string? given)
    {
        if (given is not null)
        {
            string full = Path.GetFullPath(given);
            return Directory.Exists(full) ? full : throw new UsageException($"--root '{given}' is not a folder.");
        }

        try
        {
            return RunSettings.FindRepositoryRoot(Directory.GetCurrentDirectory());
        }
        catch (DirectoryNotFoundException error)
        {
            throw new UsageException(error.Message);
        }
    }

    /// <summary>As <see cref="Find"/>, then above the tool itself (bench and validate work from anywhere in a build tree); null when neither has one.</summary>
    public static string? FindNearCurrentOrTool(string? given)
    {
        if (given is not null)
        {
            return Find(given);
        }

        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            try
            {
                return RunSettings.FindRepositoryRoot(start);
            }
            catch (DirectoryNotFoundException)
            {
                // try the next start
            }
        }

        return null;
    }
}
