using Conformance.Scenarios;

namespace Conformance.Engine.Generation;

/// <summary>What <see cref="CatalogGenerator.Write"/> wrote.</summary>
/// <param name="Folder">The catalog root (a scenarios folder: devices/ and one folder per IOCTL).</param>
/// <param name="Files">The scenario files written.</param>
/// <param name="Cases">The cases the catalog expands to (repetitions counted once).</param>
/// <param name="Errors">Load errors of the written catalog (none, unless the profile asks for something the scenario language refuses).</param>
public sealed record GeneratedCatalog(string Folder, IReadOnlyList<string> Files, int Cases, IReadOnlyList<ScenarioError> Errors);

/// <summary>
/// <c>conformance generate</c>: the standard attack catalog of a device profile as readable YAML scenarios
/// (docs/discover-generate.md): one folder per IOCTL, one file per attack family, the profile copied to devices/ so
/// the folder runs as it is (<c>conformance run --scenarios FOLDER</c>).
/// </summary>
public static class CatalogGenerator
{
    /// <summary>Racer cases are repeated this often by default: a race is hit by chance.</summary>
    public const uint DefaultRaceRepeat = 20;

    /// <summary>Writes the catalog of <paramref name="profilePath"/> under <paramref name="folder"/> and loads it back.</summary>
    /// <exception cref="ArgumentException">The profile does not load (its errors in the message).</exception>
    public static GeneratedCatalog Write(string profilePath, string folder, uint raceRepeat = DefaultRaceRepeat)
    {
        ArgumentNullException.ThrowIfNull(profilePath);
        ArgumentNullException.ThrowIfNull(folder);
        var loaded = DeviceProfileSet.LoadFile(profilePath);
        var device = loaded.Value ?? throw new ArgumentException(string.Join(Environment.NewLine, loaded.Errors.Select(e => e.ToString())));
        string devices = Path.Combine(folder, "devices");
        Directory.CreateDirectory(devices);
        File.Copy(profilePath, Path.Combine(devices, Path.GetFileName(profilePath)), overwrite: true);
        var files = new List<string>();
        foreach (var ioctl in device.Ioctls)
        {
            string ioctlFolder = Path.Combine(folder, FolderName(ioctl.Name));
            Directory.CreateDirectory(ioctlFolder);
            var plan = new IoctlPlan(device, ioctl);
            foreach (var (file, text) in AttackFamilies.For(plan, $"{SchemaPath(folder)}", raceRepeat))
            {
                string path = Path.Combine(ioctlFolder, file);
                File.WriteAllText(path, text);
                files.Add(path);
            }
        }

        var catalog = ScenarioCatalog.Load(folder, new ScenarioLoadOptions { DisplayRoot = folder });
        return new GeneratedCatalog(folder, files, catalog.Value?.Cases.Count ?? 0, catalog.Errors);
    }

    /// <summary>IOCTL_SAMPLE_PING -> ioctl-sample-ping: case ids read like the hand-written catalog's.</summary>
    public static string FolderName(string ioctlName) => ioctlName.ToLowerInvariant().Replace('_', '-');

    // The editor's schema line of a generated file, relative to it: the repository's schema when the folder is in it.
    private static string SchemaPath(string folder)
    {
        string? root = FindRepository(Path.GetFullPath(folder));
        return root is null
            ? "https://json-schema.org/draft/2020-12/schema"
            : Path.GetRelativePath(Path.Combine(Path.GetFullPath(folder), "x"), Path.Combine(root, "scenarios", "schema", "scenario.schema.json")).Replace('\\', '/');
    }

    private static string? FindRepository(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Conformance.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
