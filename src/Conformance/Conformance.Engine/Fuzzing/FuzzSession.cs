using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Conformance.Scenarios;
using Conformance.Simulator.Protocol;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Verdicts;
using CaseResult = Conformance.Verdicts.CaseResult;

namespace Conformance.Engine.Fuzzing;

/// <summary>Counters of a running session, for the progress line.</summary>
/// <param name="Elapsed">Time fuzzing so far.</param>
/// <param name="Execs">Execs so far.</param>
/// <param name="ExecsPerSecond">Execs per second of the host's current loop.</param>
/// <param name="Edges">Distinct edges of the driver seen by the current loop.</param>
/// <param name="CorpusSize">Inputs in the corpus.</param>
/// <param name="Findings">Findings written this session.</param>
/// <param name="Restarts">Times the driver took the host down and it was restarted.</param>
public sealed record FuzzProgress(TimeSpan Elapsed, ulong Execs, double ExecsPerSecond, uint Edges, int CorpusSize, int Findings, int Restarts);

/// <summary>What a session did.</summary>
/// <param name="DeviceDirectory">The device's corpus folder (queue/ and findings/).</param>
/// <param name="Execs">Execs run.</param>
/// <param name="Elapsed">Time fuzzing (without the final confirmations).</param>
/// <param name="Edges">Distinct edges of the driver the last loop saw (the corpus replayed, then its own).</param>
/// <param name="CorpusSize">Inputs in the corpus at the end.</param>
/// <param name="Resumed">Inputs read from the corpus at the start.</param>
/// <param name="NewFindings">Findings written this session.</param>
/// <param name="AllFindings">Every finding of the device's corpus folder.</param>
/// <param name="Restarts">Times the driver took the host down.</param>
/// <param name="ExcludedIoctls">IOCTLs no longer fuzzed because they crashed again and again.</param>
/// <param name="Stopped">Stopped early (Ctrl+C).</param>
public sealed record FuzzSummary(string DeviceDirectory, ulong Execs, TimeSpan Elapsed, uint Edges, int CorpusSize, int Resumed,
    IReadOnlyList<FuzzFinding> NewFindings, IReadOnlyList<FuzzFinding> AllFindings, int Restarts, IReadOnlyList<string> ExcludedIoctls, bool Stopped)
{
    /// <summary>Why SimHost was lost without a bugcheck (a fault of the suite, not the driver), each time.</summary>
    public IReadOnlyList<string> HostLosses { get; init; } = [];

    /// <summary>Execs per second over the session.</summary>
    public double ExecsPerSecond => Elapsed > TimeSpan.Zero ? Execs / Elapsed.TotalSeconds : 0;
}

/// <summary>
/// Coverage-guided fuzzing of one device in the simulator (docs/fuzz.md). SimHost runs the loop (mutate, exec, keep
/// what takes a new edge); this side only steers: it keeps the corpus on disk, restarts the host after a crash
/// without the IOCTLs that keep crashing it, and judges every suspect input on a second SimHost with the engine's own
/// <see cref="CaseJudge"/> and the expectations a safe driver meets for any input. Each new (category, site) is
/// minimized and written as a one-case scenario.
/// </summary>
public sealed class FuzzSession : IAsyncDisposable
{
    private readonly FuzzSettings _settings;
    private readonly DeviceProfile _device;
    private readonly IReadOnlyList<IoctlDefinition> _ioctls;
    private readonly RunSettings _run;
    private readonly FuzzCorpus _corpus;
    private readonly FuzzFindingStore _store;
    private readonly string _sessionId;
    private readonly List<FuzzFinding> _new = [];
    private readonly List<string> _hostLosses = [];
    private readonly Channel<Suspect> _suspects = Channel.CreateUnbounded<Suspect>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Stopwatch _clock = new();
    private SimulatorTarget? _fuzzer;
    private SimulatorTarget? _judge;
    private int _caseNumber;

    private FuzzSession(FuzzSettings settings, DeviceProfile device, IReadOnlyList<IoctlDefinition> ioctls, RunSettings run, string deviceDirectory)
    {
        _settings = settings;
        _device = device;
        _ioctls = ioctls;
        _run = run;
        DeviceDirectory = deviceDirectory;
        _corpus = FuzzCorpus.Open(deviceDirectory);
        _store = FuzzFindingStore.Open(deviceDirectory, run.ResolvedScenariosRoot);
        _sessionId = string.Create(CultureInfo.InvariantCulture, $"fuzz {DateTime.UtcNow:yyyyMMdd-HHmmss} seed {settings.Seed}");
    }

    private sealed record Suspect(IoctlCall Call, CallOutcome? Outcome, TimeSpan At, ulong Execs);

    /// <summary>The device's corpus folder.</summary>
    public string DeviceDirectory { get; }

    /// <summary>
    /// Check the settings (profile, IOCTLs, driver) and open the device's corpus.
    /// </summary>
    /// <exception cref="RunSettingsException">A usage error: unknown device or IOCTL, a driver not built, a variant the driver lacks.</exception>
    public static FuzzSession Open(FuzzSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var run = settings.Run with { CaptureEvents = false, Target = "simulator" };
        var profiles = DeviceProfileSet.LoadDirectory(Path.Combine(run.ResolvedScenariosRoot, "devices"));
        if (profiles.Errors.Count > 0)
        {
            throw new RunSettingsException($"the device profiles do not load: {profiles.Errors[0]}");
        }

        var device = PickDevice(settings.Device, profiles);
        var ioctls = settings.Ioctls.Count == 0
            ? device.Ioctls
            : [.. settings.Ioctls.Select(name => device.FindIoctl(name) ?? throw new RunSettingsException(
                $"--ioctl {name}: device '{device.Name}' has no such IOCTL (it has {string.Join(", ", device.Ioctls.Select(i => i.Name))})"))];
        if (ioctls.Count == 0)
        {
            throw new RunSettingsException($"device '{device.Name}' lists no IOCTL to fuzz");
        }

        RunPreflight.CheckDriver(run, device);
        return new FuzzSession(settings, device, ioctls, run, Path.Combine(Path.GetFullPath(settings.CorpusDirectory), device.Name));
    }

    private static DeviceProfile PickDevice(string? name, DeviceProfileSet profiles)
    {
        if (name is not null)
        {
            return profiles.TryGet(name, out var named) ? named
                : throw new RunSettingsException($"--device {name}: no such device profile (there are: {string.Join(", ", profiles.Names)})");
        }

        return profiles.Profiles.Count == 1 ? profiles.Profiles[0]
            : profiles.TryGet("conformance-sample", out var reference) ? reference
            : throw new RunSettingsException($"name the device to fuzz with --device (there are: {string.Join(", ", profiles.Names)})");
    }

    /// <summary>
    /// Fuzz until the duration or the exec budget is spent, or <paramref name="stop"/> (Ctrl+C): then the suspects
    /// already reported are judged and written before it returns. <paramref name="cancellationToken"/> abandons at once.
    /// </summary>
    public async Task<FuzzSummary> RunAsync(Action<FuzzProgress>? progress, CancellationToken stop, CancellationToken cancellationToken)
    {
        _fuzzer = Start();
        _judge = Start();
        await _fuzzer.StartAsync(cancellationToken).ConfigureAwait(false);
        await _judge.StartAsync(cancellationToken).ConfigureAwait(false);
        var judging = Task.Run(() => JudgeSuspectsAsync(stop, cancellationToken), cancellationToken);
        var codes = _ioctls.Select(i => i.Code.Value).ToList();
        var crashes = new Dictionary<uint, int>();
        var excluded = new List<string>();
        ulong execs = 0;
        uint edges = 0;
        int restarts = 0;
        _clock.Start();
        try
        {
            while (codes.Count > 0 && !stop.IsCancellationRequested)
            {
                var remaining = _settings.Duration <= TimeSpan.Zero ? TimeSpan.Zero : _settings.Duration - _clock.Elapsed;
                if ((_settings.Duration > TimeSpan.Zero && remaining <= TimeSpan.Zero) || (_settings.MaxExecs > 0 && execs >= _settings.MaxExecs))
                {
                    break;
                }

                ulong loopBase = execs;
                var loopStart = _clock.Elapsed;
                var request = new FuzzLoopRequest
                {
                    Seed = _settings.Seed + (ulong)restarts,
                    MaxExecs = _settings.MaxExecs == 0 ? 0 : _settings.MaxExecs - execs,
                    Duration = remaining,
                    SlowCall = _settings.TimeLimit,
                    IoControlCodes = codes,
                    Seeds = SeedsFor(codes),
                };
                var result = await _fuzzer.FuzzLoopAsync(request, report =>
                {
                    execs = loopBase + report.Execs;
                    edges = report.Edges;
                    OnReport(report, loopStart, execs);
                    progress?.Invoke(new FuzzProgress(_clock.Elapsed, execs, report.Elapsed > TimeSpan.Zero ? report.Execs / report.Elapsed.TotalSeconds : 0,
                        report.Edges, _corpus.Entries.Count, _new.Count, restarts));
                }, stop, cancellationToken).ConfigureAwait(false);
                if (result.CrashOutcome is not { } crash)
                {
                    break; // the loop reached its limit or was stopped
                }

                restarts++;
                execs++;
                if (crash.End == CallEnd.HostLost)
                {
                    _hostLosses.Add(crash.Detail ?? "SimHost was lost");
                }

                if (result.Crashing is { } crashing)
                {
                    await _suspects.Writer.WriteAsync(new Suspect(crashing, crash, _clock.Elapsed, execs), cancellationToken).ConfigureAwait(false);
                    crashes[crashing.IoControlCode] = crashes.GetValueOrDefault(crashing.IoControlCode) + 1;
                    if (crashes[crashing.IoControlCode] >= _settings.CrashesPerIoctl && codes.Remove(crashing.IoControlCode))
                    {
                        excluded.Add(NameOf(crashing.IoControlCode));
                    }
                }

                await _fuzzer.RestartAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _clock.Stop();
            _suspects.Writer.TryComplete();
        }

        await judging.ConfigureAwait(false);
        return new FuzzSummary(DeviceDirectory, execs, _clock.Elapsed, edges, _corpus.Entries.Count, _corpus.Resumed,
            [.. _new], _store.Findings, restarts, excluded, stop.IsCancellationRequested)
        {
            HostLosses = _hostLosses,
        };
    }

    private SimulatorTarget Start() =>
        TargetFactory.Create(_run, _device) as SimulatorTarget ?? throw new RunSettingsException("fuzz runs in the simulator only");

    // The corpus (this device's entries for the codes still fuzzed), else a well-formed call per IOCTL.
    private List<IoctlCall> SeedsFor(List<uint> codes)
    {
        var entries = _corpus.Entries.Where(e => codes.Contains(e.IoControlCode) && Fits(e)).ToList();
        return entries.Count > 0 ? entries : [.. FuzzSeeds.For(_ioctls.Where(i => codes.Contains(i.Code.Value)))];
    }

    private static bool Fits(IoctlCall call) => call.Input.Size <= ProtocolLimits.MaxBufferBytes && call.Output.Size <= ProtocolLimits.MaxBufferBytes;

    private void OnReport(FuzzReport report, TimeSpan loopStart, ulong execs)
    {
        switch (report.Kind)
        {
            case FuzzReportKind.NewEntry when report.Call is { } entry:
                _corpus.Add(entry);
                break;
            case FuzzReportKind.Suspect when report.Call is { } suspect:
                _suspects.Writer.TryWrite(new Suspect(suspect, null, loopStart + report.Elapsed, execs));
                break;
            default:
                break;
        }
    }

    private async Task JudgeSuspectsAsync(CancellationToken stop, CancellationToken cancellationToken)
    {
        await foreach (var suspect in _suspects.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var result = suspect.Outcome is { } known ? Judge(suspect.Call, known) : await ReplayAsync(suspect.Call, cancellationToken).ConfigureAwait(false);
            foreach (var finding in result.Findings)
            {
                string key = FuzzFindingKey.Of(finding, result);
                if (_store.Knows(key))
                {
                    continue;
                }

                // After Ctrl+C the finding is still written, with a short minimization.
                int budget = stop.IsCancellationRequested ? Math.Min(8, _settings.MinimizeBudget) : _settings.MinimizeBudget;
                var smallest = await FuzzMinimizer.MinimizeAsync(result.Case.Call, async candidate =>
                {
                    var replay = await ReplayAsync(candidate, cancellationToken).ConfigureAwait(false);
                    return replay.Findings.Any(f => FuzzFindingKey.Of(f, replay) == key);
                }, budget, cancellationToken).ConfigureAwait(false);
                var final = await ReplayAsync(smallest, cancellationToken).ConfigureAwait(false);
                if (!final.Findings.Any(f => FuzzFindingKey.Of(f, final) == key))
                {
                    final = result; // flaky (a race): keep the input as found
                }

                _new.Add(_store.Write(key, final, _sessionId, TargetFactory.DescribeDriver(_run, [_device]), _run.DefectVariant, suspect.At, suspect.Execs));
            }
        }
    }

    private async Task<CaseResult> ReplayAsync(IoctlCall call, CancellationToken cancellationToken)
    {
        var scenarioCase = CaseFor(call);
        var outcome = (await _judge!.ExecuteAsync([scenarioCase.Call], cancellationToken).ConfigureAwait(false))[0];
        if (outcome.End != CallEnd.Completed || outcome.DeviceAlive == false)
        {
            await _judge.RestartAsync(cancellationToken).ConfigureAwait(false);
        }

        return new CaseJudge(_judge.Capabilities).Judge(scenarioCase, outcome);
    }

    private CaseResult Judge(IoctlCall call, CallOutcome outcome)
    {
        var scenarioCase = CaseFor(call);
        return new CaseJudge(_judge!.Capabilities).Judge(scenarioCase, outcome with { CaseId = scenarioCase.Id });
    }

    // A fuzz input as a case of its own: the expectations any safe driver meets for any input (no status expected).
    private ScenarioCase CaseFor(IoctlCall call)
    {
        string id = string.Create(CultureInfo.InvariantCulture, $"fuzz/{_device.Name}/{Interlocked.Increment(ref _caseNumber)}");
        var ioctl = _device.FindIoctl(new ControlCode(call.IoControlCode))
            ?? new IoctlDefinition(new ControlCode(call.IoControlCode).ToString(), new ControlCode(call.IoControlCode), null, null, null);
        return new ScenarioCase(id, call with { CaseId = id }, new CaseExpectation { TimeLimit = _settings.TimeLimit }, _device, ioctl,
            new CaseProvenance("fuzz", new SourceLocation(DeviceDirectory, 1, 1), [], 1, null));
    }

    private string NameOf(uint code) => _device.FindIoctl(new ControlCode(code))?.Name ?? new ControlCode(code).ToString();

    /// <summary>Shut both SimHosts down.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_fuzzer is not null)
        {
            await _fuzzer.DisposeAsync().ConfigureAwait(false);
        }

        if (_judge is not null)
        {
            await _judge.DisposeAsync().ConfigureAwait(false);
        }
    }
}
