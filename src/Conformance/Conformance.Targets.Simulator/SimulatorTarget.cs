using Conformance.Scenarios;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator.Hosting;
using Conformance.Targets.Simulator.Outcomes;

namespace Conformance.Targets.Simulator;

/// <summary>
/// The simulator as an <see cref="IDeviceTarget"/>: the driver runs inside a SimHost child process that plays
/// the kernel. A bugcheck kills SimHost the way it would kill a machine; the outcome of the crashing call is
/// rebuilt from the bugcheck file, and every outcome received before it is kept.
/// </summary>
public sealed partial class SimulatorTarget : IDeviceTarget
{
    private static readonly TimeSpan LongestDeadline = TimeSpan.FromDays(24);

    // Why a host is dropped after any request that ended without its reply being read: the reply may still
    // be on its way, and the next request must never read it.
    private const string InterruptedRequest = "the last request was cancelled or broke the protocol";

    private readonly SimulatorOptions _options;
    private readonly ReadOnlyMemory<byte> _kernelSecret;
    private readonly DriverSymbolizer _symbolizer;
    private readonly AccessTraceReader? _accessTrace;
    private PrivateDirectory? _directory;
    private SimHostInstance? _host;
    private Events.SimulatorEventCapture? _events;
    private TargetCapabilities? _capabilities;
    private string? _downReason;
    private int _generation;
    private int _busy;

    /// <summary>Creates the target; nothing starts until <see cref="StartAsync"/>.</summary>
    public SimulatorTarget(SimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        if (options.Liveness is { } liveness)
        {
            CheckCall(liveness.Call, nameof(options.Liveness));
        }

        // One secret for every boot of this target: a leak seen before a restart is judged against the bytes that leaked.
        _kernelSecret = options.KernelSecret ?? System.Security.Cryptography.RandomNumberGenerator.GetBytes(SimulatorOptions.KernelSecretBytes);
        _symbolizer = new DriverSymbolizer(options.DriverPath);
        _accessTrace = options.AccessTrace ? new AccessTraceReader(_symbolizer) : null;
    }

    /// <inheritdoc />
    public TargetCapabilities Capabilities => _capabilities ?? throw new InvalidOperationException("Call StartAsync first.");

    /// <summary>Whether a SimHost is up and serving.</summary>
    public bool IsHostRunning => _host is not null;

    /// <summary>Process id of the current SimHost.</summary>
    public int? HostProcessId => _host?.Process.Id;

    /// <summary>The private directory (mode 0700) holding the socket and the bugcheck file.</summary>
    public string? PrivateDirectoryPath => _directory?.Path;

    /// <summary>The socket SimHost listens on (mode 0600).</summary>
    public string? SocketPath => _directory?.Combine("simhost.sock");

    /// <summary>Log file of the current SimHost when <see cref="SimulatorOptions.KeepHostLog"/> is set.</summary>
    public string? HostLogPath => _host?.Process.LogPath;

    /// <summary>Trace events lost since the current SimHost booted (as of the last result).</summary>
    public ulong TraceEventsLost { get; private set; }

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_host is not null)
        {
            throw new InvalidOperationException("The simulator is already started.");
        }

        await LaunchAsync(cancellationToken).ConfigureAwait(false);
        await CheckLivenessOnFreshDriverAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The liveness call must succeed on a driver no case has touched. If it does not, the profile's liveness is
    /// wrong (its IOCTL, sizes or status), and every case would end DEVICE_DEAD with a restart: one error instead.
    /// </summary>
    private async Task CheckLivenessOnFreshDriverAsync(CancellationToken cancellationToken)
    {
        if (_options.Liveness is not { } liveness)
        {
            return;
        }

        var outcome = (await ExecuteAsync([liveness.Call], cancellationToken).ConfigureAwait(false))[0];
        if (outcome.End == CallEnd.Completed && outcome.Status == liveness.ExpectedStatus)
        {
            return;
        }

        string got = outcome.End == CallEnd.Completed ? $"returned {NtStatus.Format(outcome.Status)}" : $"ended {outcome.End}";
        // The caller disposes the target (and with it the host), as for any start that fails.
        throw new LivenessCheckException(
            $"its liveness call {liveness.IoctlName} {got} on the freshly loaded driver, not {NtStatus.Format(liveness.ExpectedStatus)}: " +
            "fix the device profile's 'liveness' (its IOCTL, input/output sizes or status); every case would otherwise end DEVICE_DEAD");
    }

    /// <inheritdoc />
    public async Task RestartAsync(CancellationToken cancellationToken)
    {
        if (_host is { } old)
        {
            _host = null;
            await old.ShutdownAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        }

        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CallOutcome>> ExecuteAsync(IReadOnlyList<IoctlCall> calls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        if (calls.Count == 0)
        {
            return [];
        }

        cancellationToken.ThrowIfCancellationRequested();
        for (int i = 0; i < calls.Count; i++)
        {
            CheckCall(calls[i], $"calls[{i}]");
        }

        EnterBusy();
        try
        {
            var host = RequireHost();
            var outcomes = new List<CallOutcome>(calls.Count);
            // Each call gets CallTimeout from the moment the previous result arrived, so a hang is seen after
            // one call's budget, not after the whole batch's (128 x 10 s by default).
            using var deadline = StartDeadline(_options.CallTimeout, cancellationToken);
            try
            {
                for (int start = 0; start < calls.Count;)
                {
                    int count = CallsFittingOneFrame(calls, start);
                    ExecuteBatchMessage.Write(host.Channel.StartMessage(), calls, start, count);
                    await host.Channel.SendAsync(deadline.Token).ConfigureAwait(false);
                    for (int i = 0; i < count; i++)
                    {
                        var frame = await host.Channel.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                        var result = CaseResultMessage.Read(Expect(frame, MessageKind.CaseResult).Span);
                        if (result.Header.CaseIndex != (uint)i)
                        {
                            throw new ProtocolException($"SimHost answered case {result.Header.CaseIndex} where case {i} was due.");
                        }

                        TraceEventsLost = result.Header.TraceEventsLost;
                        var outcome = OutcomeFactory.Completed(calls[start + i], result, _options.Liveness, _accessTrace);
                        outcomes.Add(outcome);
                        RestartDeadline(deadline);
                        if (outcome.DeviceAlive == false)
                        {
                            // SimHost stopped the batch here: the rest would only meet the dead device. The caller
                            // restarts the target (RestartAsync) and fires them there.
                            return outcomes;
                        }
                    }

                    start += count;
                }
            }
            catch (Exception e) when (IsHostFailure(e, cancellationToken))
            {
                var call = calls[outcomes.Count];
                var failure = await TakeDownAsync(host, e, $"case '{call.CaseId}'", _options.CallTimeout).ConfigureAwait(false);
                outcomes.Add(failure.Record is { } record
                    ? OutcomeFactory.Bugcheck(call, _symbolizer.Symbolize(record.Record), record.Events)
                    : failure.End == CallEnd.Hang ? OutcomeFactory.Hang(call, failure.Detail) : OutcomeFactory.HostLost(call, failure.Detail));
            }
            catch (Exception e) when (e is ProtocolException or OverflowException && outcomes.Count < calls.Count)
            {
                // A reply this client cannot read (a trace record of an unknown type, a length out of range):
                // the results already read stand, the case being read is lost with the host, the rest is not run.
                var call = calls[outcomes.Count];
                await AbandonAsync(host, $"unreadable reply for case '{call.CaseId}'").ConfigureAwait(false);
                outcomes.Add(OutcomeFactory.HostLost(call, $"SimHost's reply for case '{call.CaseId}' could not be read ({e.Message}); SimHost was killed"));
            }
            catch
            {
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }

            return outcomes;
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Run <paramref name="call"/> in a tight loop inside SimHost until <paramref name="iterations"/> calls or
    /// <paramref name="duration"/> (zero: no time limit) is reached: the ceiling for the socket path.
    /// The loop counts as one call for the timeout: it may take <paramref name="duration"/> plus
    /// <see cref="SimulatorOptions.CallTimeout"/>.
    /// </summary>
    public async Task<SimulatorBenchResult> BenchLoopAsync(IoctlCall call, ulong iterations, TimeSpan duration, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        CheckCall(call, nameof(call));
        EnterBusy();
        try
        {
            var host = RequireHost();
            var limit = _options.CallTimeout == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : _options.CallTimeout + duration;
            using var deadline = StartDeadline(limit, cancellationToken);
            try
            {
                BenchLoopMessage.Write(host.Channel.StartMessage(), call, iterations, (ulong)(duration.Ticks * 100));
                await host.Channel.SendAsync(deadline.Token).ConfigureAwait(false);
                var frame = await host.Channel.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                var reply = BenchLoopReply.Read(Expect(frame, MessageKind.BenchLoopResult).Span);
                return new SimulatorBenchResult(CallEnd.Completed, reply.Iterations, TimeSpan.FromTicks((long)(reply.ElapsedNs / 100)), reply.LastStatus, null);
            }
            catch (Exception e) when (IsHostFailure(e, cancellationToken))
            {
                var failure = await TakeDownAsync(host, e, $"the bench loop of case '{call.CaseId}'", limit).ConfigureAwait(false);
                return new SimulatorBenchResult(failure.End, 0, TimeSpan.Zero, 0, failure.Record?.Record.RawText ?? failure.Detail);
            }
            catch
            {
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Hidden self-test: SimHost throws and catches managed exceptions, hardware-raised ones included.</summary>
    internal async Task<SelfTestReply> RunHostSelfTestAsync(uint rounds, CancellationToken cancellationToken)
    {
        EnterBusy();
        try
        {
            var host = RequireHost();
            using var deadline = StartDeadline(_options.CallTimeout, cancellationToken);
            try
            {
                SelfTestMessage.Write(host.Channel.StartMessage(), rounds);
                await host.Channel.SendAsync(deadline.Token).ConfigureAwait(false);
                var frame = await host.Channel.ReceiveAsync(deadline.Token).ConfigureAwait(false);
                return SelfTestReply.Read(Expect(frame, MessageKind.SelfTestResult).Span);
            }
            catch (Exception e) when (IsHostFailure(e, cancellationToken))
            {
                var failure = await TakeDownAsync(host, e, "the self-test", _options.CallTimeout).ConfigureAwait(false);
                throw new InvalidOperationException($"SimHost did not survive the self-test ({failure.End}): {failure.Record?.Record.RawText ?? failure.Detail}", e);
            }
            catch
            {
                // Cancelled (or an unreadable reply) with the answer still on its way: the next request would read it.
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>Shut SimHost down (device closed, driver unloaded) and remove the private directory.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_host is { } host)
        {
            _host = null;
            await host.ShutdownAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        }

        _events?.Dispose();
        _events = null;
        _directory?.Dispose();
        _directory = null;
    }

    // A call SimHost cannot run is the caller's mistake: refuse it before anything is sent, so a healthy host
    // is never killed for it and no batch is half-sent.
    private static void CheckCall(IoctlCall call, string name)
    {
        ArgumentNullException.ThrowIfNull(call, name);
        try
        {
            IoctlCallCodec.Validate(call);
        }
        catch (ProtocolException e)
        {
            throw new ArgumentException($"{name} (case '{call.CaseId}') cannot be run by the simulator: {e.Message}", name, e);
        }
    }

    private static bool IsHostFailure(Exception e, CancellationToken callerToken) =>
        e is HostConnectionLostException || (e is OperationCanceledException && !callerToken.IsCancellationRequested);

    private static ReadOnlyMemory<byte> Expect(ReceivedFrame frame, MessageKind kind) => frame.Kind switch
    {
        _ when frame.Kind == kind => frame.Payload,
        MessageKind.Error => throw new ProtocolException($"SimHost refused the request: {ErrorMessage.Read(frame.Payload.Span)}"),
        _ => throw new ProtocolException($"SimHost sent {frame.Kind} where {kind} was expected."),
    };

    // Large contents are split over several ExecuteBatch frames; ordinary batches fit in one.
    private static int CallsFittingOneFrame(IReadOnlyList<IoctlCall> calls, int start)
    {
        long budget = ProtocolLimits.MaxFrameBytes - ExecuteBatchMessage.OverheadBytes;
        int count = 0;
        for (int i = start; i < calls.Count; i++)
        {
            budget -= IoctlCallCodec.EncodedSize(calls[i]);
            if (budget < 0 && count > 0)
            {
                break;
            }

            count++;
        }

        return count;
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _directory ??= PrivateDirectory.Create();
        var host = await HostLauncher.LaunchAsync(_options, _kernelSecret, _directory, ++_generation, cancellationToken).ConfigureAwait(false);
        var hello = host.Hello;
        if (_options.Liveness is { } liveness)
        {
            try
            {
                LivenessMessage.Write(host.Channel.StartMessage(), liveness);
                await host.Channel.SendAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await host.KillAsync().ConfigureAwait(false);
                throw;
            }
        }

        _capabilities = new TargetCapabilities(
            Name: "simulator",
            KernelCanary: true,
            KernelSecret: hello.KernelSecret,
            PoolPoisonByte: hello.PoolPoisonByte,
            StackPoisonByte: hello.StackPoisonByte,
            KernelAddress: hello.KernelCanaryAddress)
        {
            AccessTrace = _options.AccessTrace,
        };
        TraceEventsLost = 0;
        _downReason = null;
        _host = host;
        if (_options.EventProviders.Count > 0)
        {
            _events ??= new Events.SimulatorEventCapture([.. _options.EventProviders], _options.EventBufferMegabytes, _options.EventCollectTimeout, _options.RawCaptureDirectory);
            _events.Attach(host.Process.Id);
        }
    }

    /// <inheritdoc/>
    public Task<EventWindow> CollectEventsAsync(CancellationToken cancellationToken) =>
        _events is { } capture ? capture.CollectAsync(cancellationToken) : Task.FromResult(EventWindow.Unsupported);

    /// <summary>Have SimHost republish <paramref name="count"/> synthetic events (capture benchmark and loss tests).</summary>
    public async Task<TimeSpan> EmitSyntheticEventsAsync(ulong count, CancellationToken cancellationToken)
    {
        EnterBusy();
        try
        {
            var host = RequireHost();
            try
            {
                var frame = host.Channel.StartMessage();
                frame.BeginFrame(MessageKind.EmitEvents);
                frame.WriteUInt64(count);
                frame.EndFrame();
                await host.Channel.SendAsync(cancellationToken).ConfigureAwait(false);
                var reply = BenchLoopReply.Read(Expect(await host.Channel.ReceiveAsync(cancellationToken).ConfigureAwait(false), MessageKind.BenchLoopResult).Span);
                return TimeSpan.FromTicks((long)(reply.ElapsedNs / 100));
            }
            catch
            {
                // Same as every request: a reply left on its way would be read by the next one.
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    /// <summary>
    /// Every Zw file call the driver made since the current SimHost booted (DriverEntry's included), oldest first;
    /// the files themselves are in <see cref="SimulatorOptions.SandboxDirectory"/>.
    /// </summary>
    public async Task<FileAccessList> ReadFileAccessesAsync(CancellationToken cancellationToken)
    {
        EnterBusy();
        try
        {
            var host = RequireHost();
            try
            {
                using var deadline = StartDeadline(_options.CallTimeout, cancellationToken);
                return await FileAccessRequest.SendAsync(host.Channel, deadline.Token).ConfigureAwait(false);
            }
            catch
            {
                // As every request: a reply left on its way would be read by the next one.
                await AbandonAsync(host, InterruptedRequest).ConfigureAwait(false);
                throw;
            }
        }
        finally
        {
            Volatile.Write(ref _busy, 0);
        }
    }

    private SimHostInstance RequireHost() => _host ?? throw new InvalidOperationException(
        _downReason is null
            ? "The simulator is not started; call StartAsync."
            : $"SimHost is not running ({_downReason}); call RestartAsync.");

    private void EnterBusy()
    {
        if (Interlocked.Exchange(ref _busy, 1) != 0)
        {
            throw new InvalidOperationException("SimulatorTarget serves one request at a time.");
        }
    }

    private void RestartDeadline(CancellationTokenSource deadline)
    {
        if (_options.CallTimeout != Timeout.InfiniteTimeSpan)
        {
            deadline.CancelAfter(_options.CallTimeout < LongestDeadline ? _options.CallTimeout : LongestDeadline);
        }
    }

    private static CancellationTokenSource StartDeadline(TimeSpan limit, CancellationToken callerToken)
    {
        var cts = callerToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(callerToken) : new CancellationTokenSource();
        if (limit != Timeout.InfiniteTimeSpan)
        {
            cts.CancelAfter(limit < LongestDeadline ? limit : LongestDeadline);
        }

        return cts;
    }

    /// <summary>
    /// The host stopped answering (deadline) or went away (socket closed). Kill or reap it, and say which:
    /// a bugcheck record means the driver crashed the machine; none means the host itself was lost.
    /// </summary>
    private async Task<HostFailure> TakeDownAsync(SimHostInstance host, Exception cause, string inFlight, TimeSpan budget)
    {
        _host = null;
        var process = host.Process;
        if (cause is OperationCanceledException)
        {
            await host.KillAsync().ConfigureAwait(false);

            // The driver may have crashed the machine just as the deadline fired: the record says so.
            if (BugcheckRecordParser.ReadLastWithEvents(host.BugcheckFile) is { } late)
            {
                _downReason = $"bugcheck 0x{late.Record.Code:X} ({late.Record.Name}) in {inFlight}";
                return new HostFailure(CallEnd.Bugcheck, late.Record.RawText, late);
            }

            _downReason = $"killed after {inFlight} hung";
            return new HostFailure(CallEnd.Hang, $"No result for {inFlight} within the deadline ({budget.TotalSeconds:0.###} s); SimHost (pid {process.Id}) was killed. Call RestartAsync to continue.", null);
        }

        bool exited = await process.WaitForExitAsync(_options.ShutdownTimeout).ConfigureAwait(false);
        var entry = BugcheckRecordParser.ReadLastWithEvents(host.BugcheckFile);
        if (!exited)
        {
            await process.KillAsync().ConfigureAwait(false);
        }

        string describe = process.Describe();
        string tail = process.Tail();
        await host.DisposeAsync().ConfigureAwait(false);
        if (entry is { Record: var record })
        {
            _downReason = $"bugcheck 0x{record.Code:X} ({record.Name}) in {inFlight}";
            return new HostFailure(CallEnd.Bugcheck, record.RawText, entry);
        }

        _downReason = $"lost during {inFlight}";
        string how = exited ? describe : $"SimHost (pid {process.Id}) closed the connection without exiting and was killed";
        return new HostFailure(CallEnd.HostLost, $"{how} during {inFlight}, leaving no bugcheck record. SimHost output:{Environment.NewLine}{tail}", null);
    }

    private async Task AbandonAsync(SimHostInstance host, string reason)
    {
        if (ReferenceEquals(_host, host))
        {
            _host = null;
            _downReason = reason;
            await host.KillAsync().ConfigureAwait(false);
        }
    }

    private sealed record HostFailure(CallEnd End, string Detail, BugcheckFileEntry? Record);
}
