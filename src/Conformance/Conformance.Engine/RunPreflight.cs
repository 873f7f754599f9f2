using Conformance.Scenarios;

namespace Conformance.Engine;

/// <summary>
/// What a run checks after loading the catalog and before it creates its folder, so an ordinary mistake
/// (a filter that selects nothing, a driver path with a typo, a defect variant the reference driver does not
/// have) is one message and not an orphan results/&lt;run-id&gt;/ holding only a journal.
/// </summary>
public static class RunPreflight
{
    /// <summary>Throws <see cref="CaseSelectionException"/> or <see cref="RunSettingsException"/> when the run cannot be made.</summary>
    public static void Check(RunSettings settings, ScenarioCatalog catalog, IReadOnlyList<ScenarioCase> selected)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Count == 0)
        {
            // A run that fires nothing would pass: a nightly job must not record a typo in its filter as green.
            throw new CaseSelectionException(settings.Filter is { } filter
                ? $"the filter '{filter}' selects none of the {catalog.Cases.Count} cases under {catalog.Root}; nothing was run"
                : $"the catalog under {catalog.Root} has no case; nothing was run");
        }

        if (settings.Coverage && settings.Target != "simulator")
        {
            throw new RunSettingsException("--coverage runs the driver's coverage build in the simulator; it is not for --target " + settings.Target);
        }

        foreach (var device in selected.Select(c => c.Device).DistinctBy(d => d.Name))
        {
            CheckDriver(settings, device);
        }
    }

    /// <summary>Throws <see cref="RunSettingsException"/> when <paramref name="device"/>'s driver is missing or has no such defect variant.</summary>
    public static void CheckDriver(RunSettings settings, DeviceProfile device)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(device);
        string? driver = settings.Target == "simulator" ? TargetFactory.SimulatorDriverPath(settings, device) : settings.DriverPath;
        if (driver is null)
        {
            return; // the Windows target uses the installed service or the profile's build when it exists
        }

        string full = Path.GetFullPath(driver, settings.RepositoryRoot);
        if (!File.Exists(full))
        {
            throw new RunSettingsException(settings.DriverPath is null
                ? $"the driver of device '{device.Name}' is not built: '{full}' not found (build it with `make -C driver-under-test`, or pass --driver)"
                : $"driver '{settings.DriverPath}' not found");
        }

        if (settings.Coverage && Coverage.CoverageRecipe.Find(full) is null)
        {
            throw new RunSettingsException(Coverage.CoverageRecipe.Missing(settings.DriverPath ?? full));
        }

        // The reference driver's table of seeded defects is known here; another driver's variants are its own business
        // (its load fails, and ConformanceRun turns that into a refusal too).
        uint highest = SeededDefect.All.Max(d => d.Number);
        if (settings.DefectVariant > highest && IsReferenceDriver(settings, full))
        {
            throw new RunSettingsException(
                $"--defect-variant {settings.DefectVariant}: the reference driver has variants 0 (clean) to {highest} (driver-under-test/DEFECTS.md)");
        }
    }

    private static bool IsReferenceDriver(RunSettings settings, string driver) =>
        Path.GetFullPath(driver).StartsWith(
            Path.Combine(Path.GetFullPath(settings.RepositoryRoot), "driver-under-test") + Path.DirectorySeparatorChar,
            StringComparison.Ordinal);
}
