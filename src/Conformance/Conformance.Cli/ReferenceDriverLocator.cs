namespace Conformance.Cli;

/// <summary>
/// Finds the reference driver's simulator build (driver-under-test/build/sim/libconformance_sample.so) by
/// walking up from the working directory and from the tool's own directory, so `conformance bench` works
/// from anywhere inside the repository and from the build output.
/// </summary>
internal static class ReferenceDriverLocator
{
    public const string RelativePath = "driver-under-test/build/sim/libconformance_sample.so";

    public static string? Find()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                string candidate = Path.Combine(directory.FullName, RelativePath);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}
