using System.Diagnostics;
using System.Globalization;
using Conformance.Engine.Fuzzing;

namespace Conformance.Cli.Commands.Fuzz;

/// <summary>The progress on stderr: one line redrawn every second on a terminal, a plain line every 5 s elsewhere.</summary>
internal sealed class FuzzProgressLine(CommandConsole console)
{
    private readonly long _every = Stopwatch.Frequency * (console.ErrorIsTerminal ? 1 : 5);
    private long _next;
    private bool _drawn;

    public void Show(FuzzProgress progress)
    {
        long now = Stopwatch.GetTimestamp();
        if (now < _next)
        {
            return;
        }

        _next = now + _every;
        string text = string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {progress.Elapsed.TotalSeconds:0} s, {progress.Execs:N0} execs ({progress.ExecsPerSecond:N0}/s), {progress.Edges} edges, corpus {progress.CorpusSize}, findings {progress.Findings}, restarts {progress.Restarts}");
        if (console.ErrorIsTerminal)
        {
            console.Error.Write("\r" + text + "\u001b[K");
            _drawn = true;
        }
        else
        {
            console.Error.WriteLine(text);
        }
    }

    public void End()
    {
        if (_drawn)
        {
            console.Error.WriteLine();
        }
    }
}
