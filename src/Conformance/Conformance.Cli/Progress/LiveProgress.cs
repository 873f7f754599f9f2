using Conformance.Running;
using Conformance.Verdicts;
using Spectre.Console;

namespace Conformance.Cli.Progress;

/// <summary>A live view on a terminal (Spectre.Console, on stderr so stdout stays the verb's output): one bar per phase.</summary>
internal sealed class LiveProgress(TextWriter writer) : ProgressView
{
    public override async Task<T> ShowAsync<T>(string title, Func<IRunObserver, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.Detect,
            // https://no-color.org: colour off, the live redraw stays (it is cursor movement, not colour).
            ColorSystem = Environment.GetEnvironmentVariable("NO_COLOR") is { Length: > 0 } ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
        });
        return await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(context => work(new BarObserver(context, title)))
            .ConfigureAwait(false);
    }

    private sealed class BarObserver(ProgressContext context, string title) : IRunObserver
    {
        private readonly Lock gate = new();
        private ProgressTask? bar;
        private string phase = title;
        private int failing;
        private int restarts;

        public void PhaseStarted(string name, int number, int count)
        {
            lock (gate)
            {
                Close();
                phase = $"[{number}/{count}] {name}";
                failing = 0;
                restarts = 0;
                bar = context.AddTask(Markup.Escape(phase), autoStart: true, maxValue: 1);
            }
        }

        public void CaseFired(int fired, int total) => Show(fired, total, "firing");

        public void CaseJudged(CaseResult result, int done, int total)
        {
            lock (gate)
            {
                if (result.Verdict is CaseVerdict.Fail or CaseVerdict.Error)
                {
                    failing++;
                }
            }

            string step = done == total ? "done" : "judging";
            Show(done, total, failing > 0 ? $"{step}, {failing} failing" : step);
        }

        // A crashing variant restarts the target hundreds of times: counted on the bar, not a line each.
        public void TargetRestarting(string reason)
        {
            lock (gate)
            {
                restarts++;
            }
        }

        private void Show(int done, int total, string step)
        {
            lock (gate)
            {
                bar ??= context.AddTask(Markup.Escape(phase), autoStart: true, maxValue: 1);
                bar.MaxValue = Math.Max(total, 1);
                bar.Value = done;
                string restarted = restarts > 0 ? $", {restarts} target restarts" : string.Empty;
                bar.Description = Markup.Escape($"{phase}: {step}{restarted}");
            }
        }

        private void Close()
        {
            if (bar is not null)
            {
                bar.Value = bar.MaxValue;
                bar.StopTask();
            }
        }
    }
}
