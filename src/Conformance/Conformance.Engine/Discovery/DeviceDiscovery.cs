using System.Diagnostics;
using Conformance.Scenarios;
using Conformance.Targets;

namespace Conformance.Engine.Discovery;

/// <summary>What to discover and how.</summary>
public sealed record DiscoverOptions
{
    /// <summary>The profile name to write (the output file's name without .yaml).</summary>
    public required string ProfileName { get; init; }

    /// <summary>The CTL_CODE device type to probe.</summary>
    public required uint DeviceType { get; init; }

    /// <summary>Probe functions 0-0xFFF instead of the vendor range 0x800-0xFFF.</summary>
    public bool AllFunctions { get; init; }

    /// <summary>Use the status signal even where the target reports the driver's path (what Windows has; for comparison).</summary>
    public bool StatusSignal { get; init; }

    /// <summary>The driver's header, for the IOCTL names (<see cref="CtlCodeHeader"/>), or null for generated names.</summary>
    public CtlCodeHeader? Header { get; init; }
}

/// <summary>
/// <c>conformance discover</c>: probes a device's IOCTL surface and writes what it found as a device profile
/// (docs/discover-generate.md). The handled/unhandled signal is the driver's path where the target reports one (the
/// simulator with an edge-instrumented driver: a code whose dispatch took other edges than the unhandled codes'), else
/// the status: a code is unhandled when it is answered with STATUS_INVALID_DEVICE_REQUEST, or with
/// STATUS_INVALID_PARAMETER alike at every length tried (the Windows signal; not yet run on Windows).
/// </summary>
public static class DeviceDiscovery
{
    private const int StatusInvalidDeviceRequest = unchecked((int)0xC0000010);
    private const int StatusInvalidParameter = unchecked((int)0xC000000D);

    /// <summary>Lengths an INVALID_PARAMETER code is tried again at before it counts as unhandled.</summary>
    private static readonly (uint Input, uint Output)[] RetryLengths = [(0, 0), (4, 4), (8, 8), (4, 0), (0, 4), (64, 64), (4096, 4096)];

    /// <summary>
    /// Runs the discovery on the target <paramref name="settings"/> names, opening the device as <paramref name="opening"/>
    /// says (its IOCTL table and liveness call are not used).
    /// </summary>
    public static async Task<DiscoveredDevice> RunAsync(RunSettings settings, DeviceProfile opening, DiscoverOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(opening);
        ArgumentNullException.ThrowIfNull(options);
        var clock = Stopwatch.StartNew();
        var bare = opening with { Ioctls = [] };
        bare = bare with { Liveness = null };
        await using var target = TargetFactory.Create(settings with { CaptureEvents = false }, bare);
        await target.StartAsync(cancellationToken).ConfigureAwait(false);
        var prober = new DeviceProber(target);

        uint first = options.AllFunctions ? 0u : 0x800u;
        progress?.Report($"probing functions 0x{first:X3}-0xFFF x 4 methods x 4 access bits of device type 0x{options.DeviceType:X4}");
        var (handled, byPath) = await ScanCodesAsync(prober, options.DeviceType, first, options.StatusSignal, cancellationToken).ConfigureAwait(false);
        progress?.Report($"{handled.Count} handled code(s); searching their lengths");

        var ioctls = new List<DiscoveredIoctl>();
        var faulting = new List<CallOutcome>();
        foreach (var (code, how) in handled)
        {
            ioctls.Add(await DescribeAsync(prober, code, how, options, faulting, cancellationToken).ConfigureAwait(false));
        }

        var (completed, validation, exception, provider) = ProofFinder.Find(prober.Reached, faulting);
        var liveness = await ChooseLivenessAsync(prober, ioctls, cancellationToken).ConfigureAwait(false);
        return new DiscoveredDevice
        {
            Name = options.ProfileName,
            DeviceType = options.DeviceType,
            Simulator = settings.Target == "simulator" ? new SimulatorOpen(DriverPathForProfile(settings, opening), opening.Simulator!.DeviceName) : opening.Simulator,
            Windows = opening.Windows,
            EventProvider = provider,
            RequestCompleted = completed,
            ValidationFailed = validation,
            ExceptionHandled = exception,
            Liveness = liveness,
            Ioctls = ioctls,
            FunctionRange = $"0x{first:X3}-0xFFF",
            Signal = SignalOf(byPath),
            Calls = prober.Calls,
            Crashes = prober.Crashes,
            Elapsed = clock.Elapsed,
        };
    }

    // Every code of the device type in the function range, 16-byte buffers, a read-write handle.
    private static async Task<(List<(ControlCode Code, string How)> Handled, bool ByPath)> ScanCodesAsync(DeviceProber prober, uint deviceType, uint firstFunction, bool statusOnly, CancellationToken cancellationToken)
    {
        var codes = new List<ControlCode>();
        for (uint function = firstFunction; function <= ControlCode.MaxFunction; function++)
        {
            for (uint access = 0; access < 4; access++)
            {
                for (uint method = 0; method < 4; method++)
                {
                    codes.Add(ControlCode.From(deviceType, function, (TransferMethod)method, (RequiredAccess)access));
                }
            }
        }

        var outcomes = await prober.CallAllAsync([.. codes.Select(c => DeviceProber.Call(c.Value, 16, 16))], cancellationToken).ConfigureAwait(false);
        if (!statusOnly && UnhandledPaths(outcomes) is { } unhandled)
        {
            return (ByPath(codes, outcomes, unhandled), true);
        }

        var handled = new List<(ControlCode, string)>();
        for (int i = 0; i < codes.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome.End != CallEnd.Completed)
            {
                handled.Add((codes[i], CrashNote(outcome.End)));
            }
            else if (outcome.ReachedDriver == false || outcome.Status == StatusInvalidDeviceRequest)
            {
                continue;
            }
            else if (outcome.Status != StatusInvalidParameter)
            {
                handled.Add((codes[i], $"answered {NtStatus.Format(outcome.Status)}, not STATUS_INVALID_DEVICE_REQUEST"));
            }
            else
            {
                var retries = await prober.CallAllAsync([.. RetryLengths.Select(l => DeviceProber.Call(codes[i].Value, l.Input, l.Output))], cancellationToken).ConfigureAwait(false);
                if (retries.FirstOrDefault(r => r.End != CallEnd.Completed || r.Status != StatusInvalidParameter) is { } other)
                {
                    handled.Add((codes[i], $"STATUS_INVALID_PARAMETER at 16/16 bytes but {(other.End == CallEnd.Completed ? NtStatus.Format(other.Status) : Describe(other.End))} at other lengths"));
                }
            }
        }

        return (handled, false);
    }

    /// <summary>
    /// The edge signatures of the driver's paths for codes it does not handle, when every call that reached the driver
    /// reports one (the simulator with an edge-instrumented driver): each signature that two or more codes answered
    /// STATUS_INVALID_DEVICE_REQUEST share. A switch compiled as a comparison tree reaches its default through a
    /// different branch for codes in different ranges, so there are several; a handler is reached by its own code only.
    /// </summary>
    private static HashSet<ulong>? UnhandledPaths(IReadOnlyList<CallOutcome> outcomes)
    {
        var reached = outcomes.Where(o => o.End == CallEnd.Completed && o.ReachedDriver != false).ToList();
        if (reached.Count == 0 || reached.Any(o => o.EdgeSignature is null))
        {
            return null;
        }

        return [.. reached.Where(o => o.Status == StatusInvalidDeviceRequest).GroupBy(o => o.EdgeSignature!.Value).Where(g => g.Count() > 1).Select(g => g.Key)];
    }

    // The path signal: a code whose dispatch took a path no unhandled codes share is handled, whatever it answered;
    // the status is noted beside it.
    private static List<(ControlCode Code, string How)> ByPath(List<ControlCode> codes, IReadOnlyList<CallOutcome> outcomes, HashSet<ulong> unhandled)
    {
        var handled = new List<(ControlCode, string)>();
        for (int i = 0; i < codes.Count; i++)
        {
            var outcome = outcomes[i];
            if (outcome.End != CallEnd.Completed)
            {
                handled.Add((codes[i], CrashNote(outcome.End)));
            }
            else if (outcome.ReachedDriver != false && !unhandled.Contains(outcome.EdgeSignature!.Value))
            {
                handled.Add((codes[i], $"its dispatch took a path of its own, not one unhandled codes share ({outcome.EdgeCount} edges; answered {NtStatus.Format(outcome.Status)})"));
            }
        }

        return handled;
    }

    /// <summary>The handled/unhandled signal <see cref="RunAsync"/> used, in words for the profile.</summary>
    private static string SignalOf(bool byPath) => byPath
        ? "path: handled = the dispatch took a set of driver edges no two unhandled codes share (simulator, edge-instrumented driver)"
        : "status: unhandled = STATUS_INVALID_DEVICE_REQUEST, or STATUS_INVALID_PARAMETER alike at every length tried";

    private static string CrashNote(CallEnd end) => $"the 16-byte probe {Describe(end)}: the code reached driver code";

    private static string Describe(CallEnd end) => end switch
    {
        CallEnd.Bugcheck => "crashed the machine",
        CallEnd.Hang => "hung",
        _ => "lost the target",
    };

    private static async Task<DiscoveredIoctl> DescribeAsync(DeviceProber prober, ControlCode code, string how, DiscoverOptions options, List<CallOutcome> faulting, CancellationToken cancellationToken)
    {
        string name = options.Header?.NameOf(code.Value) ?? $"IOCTL_{code.DeviceType:X4}_{code.Function:X3}";
        var search = new SizeLimitSearch(prober, cancellationToken);
        if (await search.FindWorkingPairAsync(code).ConfigureAwait(false) is not { } working)
        {
            return new DiscoveredIoctl(name, code, null, null, null, null, 0, how);
        }

        var input = await search.InputAsync(code, working.Input, working.Output).ConfigureAwait(false);
        uint? otherInput = OtherAcceptedInput(input, working.Input);
        var output = await search.OutputAsync(code, working.Input, working.Output, otherInput).ConfigureAwait(false);
        if (code.Method == TransferMethod.Neither)
        {
            // METHOD_NEITHER: the I/O manager passes the pointers through, so what a bad one gets is the driver's doing.
            var probes = await prober.CallAllAsync(
                [DeviceProber.Call(code.Value, working.Input, working.Output, inputState: BufferMemoryState.NoAccess),
                 DeviceProber.Call(code.Value, working.Input, working.Output, outputState: BufferMemoryState.NoAccess)], cancellationToken).ConfigureAwait(false);
            faulting.AddRange(probes);
            input = WithBadPointer(input, probes[0], working.Input);
            output = WithBadPointer(output, probes[1], working.Output);
        }

        var check = await FindHandleCheckAsync(prober, code, working, cancellationToken).ConfigureAwait(false);
        return new DiscoveredIoctl(name, code, input, output, check, working.Input, working.Output, how);
    }

    // Another input length inside the input's limits (half or twice the working one), to tell "out >= in" from a fixed minimum.
    private static uint? OtherAcceptedInput(DiscoveredBuffer input, uint working)
    {
        uint half = working / 2, twice = working * 2;
        if (half >= Math.Max(input.Min, 1) && half != working)
        {
            return half;
        }

        return twice <= (input.Max ?? SizeLimitSearch.Ceiling) && twice != working ? twice : null;
    }

    private static DiscoveredBuffer WithBadPointer(DiscoveredBuffer buffer, CallOutcome probe, uint length) =>
        length > 0 && probe.End == CallEnd.Completed && probe.ReachedDriver != false && NtStatus.SeverityOf(probe.Status) == StatusSeverity.Error
            ? buffer with { BadPointer = probe.Status }
            : buffer;

    // The access the driver demands of the handle itself, beyond the code's bits: the working call with read-only,
    // write-only and no-access handles (only those the code's bits let through the I/O manager).
    private static async Task<HandleCheck?> FindHandleCheckAsync(DeviceProber prober, ControlCode code, (uint Input, uint Output) working, CancellationToken cancellationToken)
    {
        uint bits = (uint)code.Access;
        var handles = new uint[] { 0, 1, 2 }.Where(h => (h & bits) == bits).ToList();
        var outcomes = await prober.CallAllAsync([.. handles.Select(h => DeviceProber.Call(code.Value, working.Input, working.Output, h))], cancellationToken).ConfigureAwait(false);
        var refused = handles.Zip(outcomes).Where(p => p.Second.End == CallEnd.Completed && !NtStatus.IsSuccess(p.Second.Status) && p.Second.ReachedDriver != false)
            .ToDictionary(p => p.First, p => p.Second.Status);
        if (refused.Count == 0)
        {
            return null;
        }

        bool readOk = handles.Contains(1) && !refused.ContainsKey(1);
        bool writeOk = handles.Contains(2) && !refused.ContainsKey(2);
        var (access, denied) = (readOk, writeOk) switch
        {
            (true, false) => (HandleAccess.Read, refused[2]),
            (false, true) => (HandleAccess.Write, refused[1]),
            (false, false) when refused.ContainsKey(1) && refused.ContainsKey(2) => (HandleAccess.ReadWrite, refused[1]),
            _ => ((HandleAccess?)null, 0),
        };
        return access is { } needed && needed != HandleAccess.None ? new HandleCheck(needed, denied) : null;
    }

    // The first buffered IOCTL (output documented ones first) that succeeds with no input and a small output.
    private static async Task<DiscoveredLiveness?> ChooseLivenessAsync(DeviceProber prober, List<DiscoveredIoctl> ioctls, CancellationToken cancellationToken)
    {
        var candidates = ioctls
            .Where(i => i.Code.Method == TransferMethod.Buffered && i.HandleCheck is null && i.WorkingInput is not null && (i.Input?.Min ?? 0) == 0)
            .OrderByDescending(i => i.Output?.Documented == true)
            .ThenBy(i => i.Code.Value);
        foreach (var ioctl in candidates)
        {
            uint output = ioctl.Output is { Documented: true } o ? Math.Max(o.Min, 8) : 0;
            if (NtStatus.IsSuccess(await prober.StatusAsync(DeviceProber.Call(ioctl.Code.Value, 0, output), cancellationToken).ConfigureAwait(false)))
            {
                return new DiscoveredLiveness(ioctl.Name, output);
            }
        }

        return null;
    }

    /// <summary>
    /// The profile discover opens the device with: <paramref name="profilePath"/>'s open section, or a simulator opening
    /// of <paramref name="driver"/> and <paramref name="device"/> (then the profile is only how to open it).
    /// </summary>
    /// <exception cref="ArgumentException">Neither or both ways given, or the profile does not load.</exception>
    public static DeviceProfile OpeningProfile(string? profilePath, string? driver, string? device)
    {
        if (profilePath is not null)
        {
            if (device is not null)
            {
                throw new ArgumentException("--device goes with --driver; with --profile the device is the profile's open section");
            }

            var loaded = DeviceProfileSet.LoadFile(profilePath);
            return loaded.Value ?? throw new ArgumentException($"{profilePath}: {string.Join("; ", loaded.Errors.Select(e => e.ToString()))}");
        }

        if (driver is null || device is null)
        {
            throw new ArgumentException("name the device: --driver LIB --device \\Device\\NAME (simulator), or --profile PROFILE.yaml");
        }

        return new DeviceProfile(Path.GetFileNameWithoutExtension(driver), null, null, new SimulatorOpen(Path.GetFullPath(driver), device), null, [], driver);
    }

    // The driver path as the profile should hold it: relative to the repository when it is inside it.
    private static string DriverPathForProfile(RunSettings settings, DeviceProfile opening)
    {
        string full = Path.GetFullPath(TargetFactory.SimulatorDriverPath(settings, opening));
        string relative = Path.GetRelativePath(settings.RepositoryRoot, full);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative.Replace('\\', '/');
    }
}
