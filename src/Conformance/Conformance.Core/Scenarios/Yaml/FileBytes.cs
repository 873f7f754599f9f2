namespace Conformance.Scenarios.Yaml;

/// <summary>Reads a file for the loaders, turning I/O failures into errors instead of exceptions.</summary>
internal static class FileBytes
{
    public static byte[]? TryRead(string path, Diagnostics diagnostics)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > SourceTreeReader.MaxFileBytes)
            {
                diagnostics.Error(1, 1, $"file is {info.Length} bytes, larger than the {SourceTreeReader.MaxFileBytes}-byte limit for scenario files");
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Error(1, 1, $"cannot read the file: {e.Message}");
            return null;
        }
    }
}
