using System.Diagnostics;

namespace Conformance.Targets.Simulator.Hosting;

/// <summary>
/// The SimHost child process: started with `dotnet Conformance.SimHost.dll ...`, its output kept as a short
/// tail (for HostLost and start-failure messages) and, when asked, in a log file; the driver's DbgPrint lines
/// (rtl.c marks them "[driver] "), when asked, in a file of their own instead of the tail.
/// </summary>
internal sealed class SimHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _tail = new();
    private readonly int _tailLines;
    private readonly StreamWriter? _log;
    private readonly string? _debugOutputPath;
    private StreamWriter? _debugOutput;
    private readonly Lock _gate = new();
    private bool _disposed;

    private SimHostProcess(Process process, int tailLines, string? logPath, string? debugOutputPath)
    {
        _process = process;
        _debugOutputPath = debugOutputPath;
        _tailLines = Math.Max(tailLines, 1);
        if (logPath is not null)
        {
            _log = new StreamWriter(logPath, append: true) { AutoFlush = true };
            LogPath = logPath;
        }
    }

    public int Id { get; private set; }

    public string? LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <param name="dotnet">The dotnet host.</param>
    /// <param name="arguments">SimHost's arguments.</param>
    /// <param name="tailLines">Lines of output kept for messages.</param>
    /// <param name="logPath">A file for all of SimHost's output, or null.</param>
    /// <param name="debugOutputPath">A file the driver's DbgPrint output is appended to (it is turned on), or null (off).</param>
    public static SimHostProcess Start(string dotnet, IEnumerable<string> arguments, int tailLines, string? logPath, string? debugOutputPath = null)
    {
        var startInfo = new ProcessStartInfo(dotnet)
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (debugOutputPath is not null)
        {
            startInfo.Environment[DebugPrintVariable] = "1";
        }

        var process = new Process { StartInfo = startInfo };
        var host = new SimHostProcess(process, tailLines, logPath, debugOutputPath);
        process.ErrorDataReceived += (_, e) => host.Record(e.Data);
        process.OutputDataReceived += (_, e) => host.Record(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            host.Dispose();
            throw new SimulatorStartException($"Could not run '{dotnet}' to start SimHost: {e.Message}. Set SimulatorOptions.DotnetPath.", e);
        }

        host.Id = process.Id;
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return host;
    }

    /// <summary>The last lines SimHost printed, oldest first.</summary>
    public string Tail()
    {
        lock (_gate)
        {
            return _tail.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _tail);
        }
    }

    /// <summary>Wait for exit (and for its output to be read); false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return _process.HasExited;
        }
    }

    /// <summary>Kill SimHost (a hung call or a shutdown that did not finish) and reap it.</summary>
    public async Task KillAsync()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        await WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
    }

    public string Describe() =>
        _process.HasExited ? $"SimHost (pid {Id}) exited with code {_process.ExitCode}" : $"SimHost (pid {Id}) is still running";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        lock (_gate)
        {
            _log?.Dispose();
            _debugOutput?.Dispose();
        }
    }

    private void WriteDebugOutput(string line)
    {
        try
        {
            _debugOutput ??= new StreamWriter(_debugOutputPath!, append: true) { AutoFlush = true };
            _debugOutput.WriteLine(line);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            // Debug output is a convenience: losing it must not take the run down.
        }
    }

    /// <summary>The shim prints DbgPrint only when this is 1 (src/Conformance/SimKernel/src/rtl.c).</summary>
    private const string DebugPrintVariable = "SIMKERNEL_DBGPRINT";

    /// <summary>How rtl.c starts each DbgPrint line.</summary>
    private const string DriverLinePrefix = "[driver] ";

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_debugOutputPath is not null && line.StartsWith(DriverLinePrefix, StringComparison.Ordinal))
            {
                // A chatty driver must not push SimHost's own last words out of the tail; opened on the first line.
                WriteDebugOutput(line[DriverLinePrefix.Length..]);
                return;
            }

            _tail.Enqueue(line);
            while (_tail.Count > _tailLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
