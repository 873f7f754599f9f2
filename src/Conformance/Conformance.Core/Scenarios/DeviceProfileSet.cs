using Conformance.Scenarios.Parsing;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios;

/// <summary>
/// The device profiles of a scenario tree (scenarios/devices/*.yaml). Profiles that failed to load are
/// remembered by name, so a scenario naming one gets "has errors" instead of a misleading "unknown profile".
/// </summary>
public sealed class DeviceProfileSet
{
    private readonly Dictionary<string, DeviceProfile> _profiles;
    private readonly HashSet<string> _broken;

    private DeviceProfileSet(IReadOnlyList<DeviceProfile> profiles, IEnumerable<string> broken, IReadOnlyList<ScenarioError> errors)
    {
        _profiles = profiles.ToDictionary(p => p.Name, StringComparer.Ordinal);
        _broken = [.. broken];
        Profiles = profiles;
        Errors = errors;
    }

    /// <summary>The profiles that loaded, sorted by name.</summary>
    public IReadOnlyList<DeviceProfile> Profiles { get; }

    /// <summary>Errors of the profiles that did not load.</summary>
    public IReadOnlyList<ScenarioError> Errors { get; }

    /// <summary>Names of the loaded profiles.</summary>
    public IReadOnlyList<string> Names => [.. Profiles.Select(p => p.Name)];

    /// <summary>The profile named <paramref name="name"/>.</summary>
    public bool TryGet(string name, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out DeviceProfile? profile) =>
        _profiles.TryGetValue(name, out profile);

    internal bool IsBroken(string name) => _broken.Contains(name);

    /// <summary>Names of the profiles that failed to load.</summary>
    internal IReadOnlyCollection<string> BrokenNames => _broken;

    /// <summary>A set of already loaded profiles (tests, tools that build profiles in code).</summary>
    public static DeviceProfileSet Of(params DeviceProfile[] profiles) => new([.. profiles.OrderBy(p => p.Name, StringComparer.Ordinal)], [], []);

    /// <summary>Loads every *.yaml file of <paramref name="devicesDirectory"/>; a missing folder is an empty set.</summary>
    public static DeviceProfileSet LoadDirectory(string devicesDirectory, ScenarioLoadOptions? options = null)
    {
        options ??= new ScenarioLoadOptions();
        var profiles = new List<DeviceProfile>();
        var broken = new List<string>();
        var errors = new List<ScenarioError>();
        if (Directory.Exists(devicesDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(devicesDirectory).Order(StringComparer.Ordinal))
            {
                if (!file.EndsWith(".yaml", StringComparison.Ordinal))
                {
                    continue;
                }

                var result = LoadFile(file, options);
                if (result.Value is { } profile)
                {
                    profiles.Add(profile);
                }
                else
                {
                    broken.Add(Path.GetFileNameWithoutExtension(file));
                    errors.AddRange(result.Errors);
                }
            }
        }

        return new DeviceProfileSet([.. profiles.OrderBy(p => p.Name, StringComparer.Ordinal)], broken, errors);
    }

    /// <summary>Loads one device profile file.</summary>
    public static LoadResult<DeviceProfile> LoadFile(string path, ScenarioLoadOptions? options = null)
    {
        options ??= new ScenarioLoadOptions();
        var diagnostics = new Diagnostics(options.DisplayPath(path));
        if (FileBytes.TryRead(path, diagnostics) is { } bytes
            && SourceTreeReader.Read(bytes, diagnostics) is { } root
            && DeviceProfileParser.Parse(root, Path.GetFileNameWithoutExtension(path), diagnostics) is { } profile
            && diagnostics.Count == 0)
        {
            return LoadResult<DeviceProfile>.Success(profile);
        }

        return LoadResult<DeviceProfile>.Failure(diagnostics.Sorted());
    }
}
