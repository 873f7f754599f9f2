using Conformance.Running;

namespace Conformance.Cli.Progress;

/// <summary>
/// Shows how far a long phase (a run, a self-check) got, fed by the engine's <see cref="IRunObserver"/>: a live view
/// on a terminal, plain lines when stderr goes to a pipe, a file or a test's writer (no ANSI codes there).
/// </summary>
internal abstract class ProgressView
{
    /// <summary>Run <paramref name="work"/> with an observer that draws its progress; the view is closed when it ends.</summary>
    public abstract Task<T> ShowAsync<T>(string title, Func<IRunObserver, Task<T>> work);

    /// <summary>The view that fits <paramref name="console"/>.</summary>
    public static ProgressView For(CommandConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        bool dumb = string.Equals(Environment.GetEnvironmentVariable("TERM"), "dumb", StringComparison.Ordinal);
        return console.ErrorIsTerminal && !dumb ? new LiveProgress(console.Error) : new PlainProgress(console.Error);
    }
}
