using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Conformance.Scenarios;
using Conformance.Simulator.Protocol;
using Conformance.Targets;
using Conformance.Targets.Simulator;
using Conformance.Running;
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

    /// <summary>
    /// Crashes of the fuzzing host (category @ site) that their input alone did not bring back on a fresh replay: they
    /// needed the driver's state from earlier execs, so no reproducer was written for them (a sequence may still find them).
    /// </summary>
    public IReadOnlyList<string> Unreproduced { get; init; } = [];

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
    private readonly HashSet<string> _sequenceShapes = [];
    private readonly SortedSet<string> _unreproduced = new(StringComparer.Ordinal);
    private int _caseNumber;
    private bool _judgeFresh;

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

    // Steps: the calls fired before Call in the same input (a sequence), empty for one call.
    private sealed record Suspect(IReadOnlyList<IoctlCall> Steps, IoctlCall Call, CallOutcome? Outcome, TimeSpan At, ulong Execs);

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
        _judgeFresh = true;
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
                    SequenceSeeds = FuzzSeeds.Sequences([.. _ioctls.Where(i => codes.Contains(i.Code.Value))]),
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
                    await _suspects.Writer.WriteAsync(new Suspect(result.CrashingSteps, crashing, crash, _clock.Elapsed, execs), cancellationToken).ConfigureAwait(false);
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
            Unreproduced = [.. _unreproduced],
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
            case FuzzReportKind.NewEntry when report.Call is { } entry && report.Steps.Count == 0:
                _corpus.Add(entry); // sequences are not kept on disk: a session starts again from single calls
                break;
            case FuzzReportKind.Suspect when report.Call is { } suspect && (report.Suspicion != FuzzSuspicion.SequencePath || _sequenceShapes.Add(Shape(report))):
                _suspects.Writer.TryWrite(new Suspect(report.Steps, suspect, null, loopStart + report.Elapsed, execs));
                break;
            default:
                break;
        }
    }

    // A sequence that only took a new path is replayed once per shape (its codes and copies in order): each replay of a
    // sequence costs a fresh judging host, and the loop finds new paths of one shape again and again.
    private static string Shape(FuzzReport report) => string.Join(' ', report.Steps.Append(report.Call!).Select(c =>
        string.Create(CultureInfo.InvariantCulture, $"{c.IoControlCode:x}:{string.Join(',', c.Input.Copies.Concat(c.Output.Copies).Select(p => p.Source))}")));

    private async Task JudgeSuspectsAsync(CancellationToken stop, CancellationToken cancellationToken)
    {
        await foreach (var suspect in _suspects.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (suspect.Steps.Count > 0)
            {
                await JudgeSequenceAsync(suspect, stop, cancellationToken).ConfigureAwait(false);
                continue;
            }

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
                if (suspect.Outcome is not null)
                {
                    await FreshJudgeAsync(cancellationToken).ConfigureAwait(false); // a crash must come back without the state of earlier replays
                }

                var final = await ReplayAsync(smallest, cancellationToken).ConfigureAwait(false);
                if (!final.Findings.Any(f => FuzzFindingKey.Of(f, final) == key))
                {
                    if (suspect.Outcome is not null)
                    {
                        // A crash of the fuzzing host that one call alone does not bring back came from the state earlier
                        // execs left in the driver (an object freed, a table entry): a reproducer of that call would pass.
                        _unreproduced.Add(key);
                        continue;
                    }

                    final = result; // flaky (a race): keep the input as found
                }

                _new.Add(_store.Write(key, final, _sessionId, TargetFactory.DescribeDriver(_run, [_device]), _run.DefectVariant, suspect.At, suspect.Execs));
            }
        }
    }

    /// <summary>
    /// A sequence is judged by its replay in a fresh judging host, with the full special pool (a use after free faults
    /// there), through the engine's own sequence runner; each new finding is minimized (calls dropped, then the judged
    /// call's buffers) and written with its steps and copies.
    /// </summary>
    private async Task JudgeSequenceAsync(Suspect suspect, CancellationToken stop, CancellationToken cancellationToken)
    {
        IReadOnlyList<IoctlCall> input = [.. suspect.Steps, suspect.Call];
        var result = await ReplaySequenceAsync(input, cancellationToken).ConfigureAwait(false);
        if (result.Findings.Count == 0 && suspect.Outcome is { } known)
        {
            // The crash did not come back in a fresh host: it needed state earlier inputs left, so no reproducer.
            var crash = Judge(suspect.Call, known);
            foreach (var finding in crash.Findings.Where(f => !_store.Knows(FuzzFindingKey.Of(f, crash))))
            {
                _unreproduced.Add(FuzzFindingKey.Of(finding, crash));
            }

            return;
        }

        foreach (var finding in result.Findings)
        {
            string key = FuzzFindingKey.Of(finding, result);
            if (_store.Knows(key))
            {
                continue;
            }

            int budget = stop.IsCancellationRequested ? Math.Min(8, _settings.MinimizeBudget) : _settings.MinimizeBudget;
            var smallest = await FuzzMinimizer.MinimizeSequenceAsync(input, async candidate =>
            {
                var replay = await ReplaySequenceAsync(candidate, cancellationToken).ConfigureAwait(false);
                return replay.Findings.Any(f => FuzzFindingKey.Of(f, replay) == key);
            }, budget, cancellationToken).ConfigureAwait(false);
            var final = await ReplaySequenceAsync(smallest, cancellationToken).ConfigureAwait(false);
            if (!final.Findings.Any(f => FuzzFindingKey.Of(f, final) == key))
            {
                final = result;
            }

            _new.Add(_store.Write(key, final, _sessionId, TargetFactory.DescribeDriver(_run, [_device]), _run.DefectVariant, suspect.At, suspect.Execs));
        }
    }

    // The driver's state lives across calls (tables, pool): a sequence replays in a host no earlier replay touched.
    private async Task<CaseResult> ReplaySequenceAsync(IReadOnlyList<IoctlCall> calls, CancellationToken cancellationToken)
    {
        await FreshJudgeAsync(cancellationToken).ConfigureAwait(false);
        if (calls.Count == 1)
        {
            return await ReplayAsync(calls[0], cancellationToken).ConfigureAwait(false);
        }

        _judgeFresh = false;
        var scenarioCase = CaseFor(calls[^1]);
        scenarioCase = scenarioCase with
        {
            Steps = [.. calls.Take(calls.Count - 1).Select((call, i) =>
            {
                string name = FuzzSequenceCodec.StepName(i);
                return new CaseStep(name, IoctlOf(call.IoControlCode), call with { CaseId = CaseStep.CallId(scenarioCase.Id, name) },
                    new CaseExpectation { Status = CaseStep.DefaultStatus, TimeLimit = _settings.TimeLimit }, scenarioCase.Provenance.Scenario);
            })],
        };
        var runner = new ConformanceRunner(_judge!, new RunOptions { CrashesBeforeBlocking = int.MaxValue });
        return (await runner.RunAsync([scenarioCase], null, cancellationToken).ConfigureAwait(false))[0];
    }

    private async Task FreshJudgeAsync(CancellationToken cancellationToken)
    {
        if (!_judgeFresh)
        {
            await _judge!.RestartAsync(cancellationToken).ConfigureAwait(false);
            _judgeFresh = true;
        }
    }

    private async Task<CaseResult> ReplayAsync(IoctlCall call, CancellationToken cancellationToken)
    {
        _judgeFresh = false;
        var scenarioCase = CaseFor(call);
        var outcome = (await _judge!.ExecuteAsync([scenarioCase.Call], cancellationToken).ConfigureAwait(false))[0];
        if (outcome.End != CallEnd.Completed || outcome.DeviceAlive == false)
        {
            await _judge.RestartAsync(cancellationToken).ConfigureAwait(false);
            _judgeFresh = true;
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
        return new ScenarioCase(id, call with { CaseId = id }, new CaseExpectation { TimeLimit = _settings.TimeLimit }, _device, IoctlOf(call.IoControlCode),
            new CaseProvenance("fuzz", new SourceLocation(DeviceDirectory, 1, 1), [], 1, null));
    }

    private IoctlDefinition IoctlOf(uint code) => _device.FindIoctl(new ControlCode(code))
        ?? new IoctlDefinition(new ControlCode(code).ToString(), new ControlCode(code), null, null, null);

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
