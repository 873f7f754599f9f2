namespace Conformance.Targets.Simulator.Hosting;

/// <summary>
/// A directory only this user can enter (0700), holding the socket and the bugcheck file, removed on dispose.
/// The socket is the kernel's control channel: nobody else may connect to it.
/// </summary>
internal sealed class PrivateDirectory : IDisposable
{
    private PrivateDirectory(string path)
    {
        Path = path;
    }

    public string Path { get; }

    public static PrivateDirectory Create()
    {
        // CreateTempSubdirectory already uses 0700 on Unix; set it again so the guarantee does not rest on that.
        var directory = Directory.CreateTempSubdirectory("conformance-sim-");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(directory.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return new PrivateDirectory(directory.FullName);
    }

    public string Combine(string fileName) => System.IO.Path.Combine(Path, fileName);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
        catch (IOException)
        {
            // A file still held open by a dying host; the temp directory cleaner gets it later.
        }
    }
}
