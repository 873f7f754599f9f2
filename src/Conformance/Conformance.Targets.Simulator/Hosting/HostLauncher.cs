using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator.Outcomes;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>
/// Starts SimHost and waits until it is ready: process started, socket connected, Hello received and the
/// kernel, driver and device all up. The connect is retried (the socket does not exist until SimHost has
/// booted) under one overall timeout, with a Polly pipeline.
/// </summary>
internal static class HostLauncher
{
    private const string SocketFileName = "simhost.sock";
    private const string BugcheckFileName = "bugcheck.log";
    private const string SandboxFolderName = "sandbox";

    // sockaddr_un.sun_path holds 108 bytes including the NUL.
    private const int MaxSocketPathBytes = 107;

    /// <summary>Start SimHost with its device open: a host that is not <see cref="HostReadiness.Ready"/> is shut down and reported.</summary>
    public static Task<SimHostInstance> LaunchAsync(SimulatorOptions options, ReadOnlyMemory<byte> kernelSecret, PrivateDirectory directory, int generation, CancellationToken cancellationToken) =>
        LaunchAsync(options, kernelSecret, directory, generation, openDevice: true, cancellationToken);

    /// <summary>
    /// Start SimHost; with <paramref name="openDevice"/> false it only loads the driver (ready means
    /// <see cref="HostReadiness.DriverLoaded"/>). A host that failed to boot is reported; one whose DriverEntry
    /// failed is reported too unless <paramref name="openDevice"/> is false, when Hello says why.
    /// </summary>
    public static async Task<SimHostInstance> LaunchAsync(SimulatorOptions options, ReadOnlyMemory<byte> kernelSecret, PrivateDirectory directory, int generation, bool openDevice, CancellationToken cancellationToken)
    {
        string driver = Path.GetFullPath(options.DriverPath);
        if (!File.Exists(driver))
        {
            throw new SimulatorStartException($"Driver library not found: '{driver}'. Build it (make -C driver-under-test for the reference driver) or fix SimulatorOptions.DriverPath.");
        }

        string simHost = SimHostLocator.FindSimHost(options);
        string dotnet = SimHostLocator.FindDotnet(options);
        string socketPath = directory.Combine(SocketFileName);
        string bugcheckFile = directory.Combine(BugcheckFileName);
        if (Encoding.UTF8.GetByteCount(socketPath) > MaxSocketPathBytes)
        {
            throw new SimulatorStartException($"Socket path '{socketPath}' is longer than {MaxSocketPathBytes} bytes; point TMPDIR at a shorter directory.");
        }

        // A record left by the previous host would be read as this host's bugcheck.
        File.Delete(socketPath);
        File.Delete(bugcheckFile);

        string sandbox = options.SandboxDirectory is { } chosen ? Path.GetFullPath(chosen) : directory.Combine(SandboxFolderName);
        var arguments = BuildArguments(options, kernelSecret, simHost, driver, socketPath, bugcheckFile);
        arguments.AddRange(["--sandbox", sandbox, "--open-device", openDevice ? "on" : "off"]);
        var process = SimHostProcess.Start(dotnet, arguments, options.StderrTailLines, LogPathFor(options, generation), options.DriverDebugOutput);
        try
        {
            var (channel, hello) = await ConnectAsync(options, process, socketPath, bugcheckFile, cancellationToken).ConfigureAwait(false);
            var instance = new SimHostInstance(process, channel, hello, bugcheckFile);
            bool expected = openDevice
                ? hello.Readiness == HostReadiness.Ready
                : hello.Readiness is HostReadiness.DriverLoaded or HostReadiness.DriverLoadFailed;
            if (!expected)
            {
                await instance.ShutdownAsync(options.ShutdownTimeout).ConfigureAwait(false);
                throw new SimulatorStartException(DescribeNotReady(hello, driver, process));
            }

            return instance;
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    private static async Task<(HostChannel Channel, HelloMessage Hello)> ConnectAsync(SimulatorOptions options, SimHostProcess process, string socketPath, string bugcheckFile, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder()
            .AddTimeout(options.HostStartTimeout)
            .AddRetry(new RetryStrategyOptions
            {
                // Refused or not-yet-there sockets while SimHost boots; anything else is a real failure.
                ShouldHandle = new PredicateBuilder().Handle<SocketException>(),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(5),
                MaxDelay = TimeSpan.FromMilliseconds(100),
                UseJitter = false,
            })
            .Build();
        try
        {
            return await pipeline.ExecuteAsync(
                async token =>
                {
                    if (process.HasExited)
                    {
                        await process.WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                        throw new SimulatorStartException(DescribeEarlyExit(process, bugcheckFile, "before accepting a connection"));
                    }

                    var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    try
                    {
                        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token).ConfigureAwait(false);
                    }
                    catch
                    {
                        socket.Dispose();
                        throw;
                    }

                    var channel = new HostChannel(socket);
                    try
                    {
                        return (channel, await ReceiveHelloAsync(channel, process, bugcheckFile, token).ConfigureAwait(false));
                    }
                    catch
                    {
                        channel.Dispose();
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutRejectedException e)
        {
            await process.KillAsync().ConfigureAwait(false);
            throw new SimulatorStartException(
                $"SimHost (pid {process.Id}) did not become ready on '{socketPath}' within {options.HostStartTimeout.TotalSeconds:0.#} s. SimHost output:{Environment.NewLine}{process.Tail()}", e);
        }
    }

    private static async Task<HelloMessage> ReceiveHelloAsync(HostChannel channel, SimHostProcess process, string bugcheckFile, CancellationToken token)
    {
        try
        {
            var frame = await channel.ReceiveAsync(token).ConfigureAwait(false);
            return frame.Kind == MessageKind.Hello
                ? HelloMessage.Read(frame.Payload.Span)
                : throw new ProtocolException($"SimHost sent {frame.Kind} where Hello was expected.");
        }
        catch (HostConnectionLostException e)
        {
            await process.WaitForExitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            throw new SimulatorStartException(DescribeEarlyExit(process, bugcheckFile, "before sending Hello"), e);
        }
    }

    // A driver can crash the machine in DriverEntry already; then the record is the explanation.
    private static string DescribeEarlyExit(SimHostProcess process, string bugcheckFile, string when)
    {
        string crash = BugcheckRecordParser.ReadLast(bugcheckFile) is { } record
            ? $" The driver crashed the simulated machine while loading: {record.RawText}"
            : string.Empty;
        return $"{process.Describe()} {when}.{crash} SimHost output:{Environment.NewLine}{process.Tail()}";
    }

    private static List<string> BuildArguments(SimulatorOptions options, ReadOnlyMemory<byte> kernelSecret, string simHost, string driver, string socketPath, string bugcheckFile)
    {
        var arguments = new List<string>
        {
            simHost,
            "--socket", socketPath,
            "--driver", driver,
            "--bugcheck-file", bugcheckFile,
            "--device", options.DeviceName,
            "--client-pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        };
        arguments.Add("--kernel-secret");
        arguments.Add(Convert.ToHexString(kernelSecret.Span));
        arguments.Add("--access-trace");
        arguments.Add(options.AccessTrace ? "on" : "off");

        foreach (var (name, value) in options.Registry)
        {
            arguments.Add("--registry");
            arguments.Add(string.Create(CultureInfo.InvariantCulture, $"{name}={value}"));
        }

        return arguments;
    }

    private static string? LogPathFor(SimulatorOptions options, int generation)
    {
        if (!options.KeepHostLog)
        {
            return null;
        }

        string directory = options.HostLogDirectory ?? Path.GetTempPath();
        Directory.CreateDirectory(directory);
        string stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine(directory, $"conformance-simhost-{stamp}-{Environment.ProcessId}-{generation}.log");
    }

    // What DriverEntry made, so a misspelt device name in the profile is one look away from its fix.
    private static string DevicesMade(HelloMessage hello) => hello.Devices.Count == 0
        ? "its DriverEntry created no device"
        : $"its DriverEntry created {string.Join(", ", hello.Devices)}"
            + (hello.SymbolicLinks.Count == 0 ? string.Empty : $" (links: {string.Join(", ", hello.SymbolicLinks.Select(l => $"{l.Link} -> {l.Target}"))})");

    private static string DescribeNotReady(HelloMessage hello, string driver, SimHostProcess process)
    {
        string what = hello.Readiness switch
        {
            HostReadiness.BootFailed => "SimHost could not boot the simulated kernel",
            HostReadiness.DriverLoadFailed => $"SimHost could not load the driver '{driver}' ({NtStatusText.Describe(hello.DriverLoadStatus)})",
            HostReadiness.DeviceOpenFailed => $"SimHost loaded '{driver}' but could not open '{hello.DeviceName}' ({NtStatusText.Describe(hello.DeviceOpenStatus)}); {DevicesMade(hello)}",
            _ => $"SimHost is not ready ({hello.Readiness})",
        };
        return $"{what}: {hello.FailureMessage}{Environment.NewLine}SimHost output:{Environment.NewLine}{process.Tail()}";
    }
}
