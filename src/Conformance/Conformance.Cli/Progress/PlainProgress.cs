using System.Diagnostics;
using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Cli.Progress;

/// <summary>
/// Progress as plain lines for logs and pipes: one line per phase, and one per tenth of the cases (at most one every
/// few seconds otherwise), so a CI log shows a run is alive without thousands of lines.
/// </summary>
internal sealed class PlainProgress(TextWriter writer) : ProgressView
{
    public override Task<T> ShowAsync<T>(string title, Func<IRunObserver, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        return work(new LineObserver(writer, title));
    }

    private sealed class LineObserver(TextWriter writer, string title) : IRunObserver
    {
        private readonly string title = title;
        private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
        private readonly Lock gate = new();
        private string phase = title;
        private int failing;
        private int restarts;
        private int lastTenth = -1;
        private string lastStep = string.Empty;
        private long lastLine = Stopwatch.GetTimestamp();

        public void PhaseStarted(string name, int number, int count)
        {
            lock (gate)
            {
                phase = $"{title} [{number}/{count}] {name}";
                failing = 0;
                restarts = 0;
                lastTenth = -1;
                writer.WriteLine($"{phase}: starting");
            }
        }

        public void CaseFired(int fired, int total) => Step("fired", fired, total, string.Empty);

        public void CaseJudged(CaseResult result, int done, int total)
        {
            if (result.Verdict is CaseVerdict.Fail or CaseVerdict.Error)
            {
                Interlocked.Increment(ref failing);
            }

            Step("judged", done, total, $", {Volatile.Read(ref failing)} failing");
        }

        // A crashing variant restarts the target hundreds of times: counted on the progress lines, not a line each.
        public void TargetRestarting(string reason) => Interlocked.Increment(ref restarts);

        private void Step(string step, int done, int total, string suffix)
        {
            lock (gate)
            {
                int tenth = total == 0 ? 10 : done * 10 / total;
                bool due = step != lastStep || tenth != lastTenth || Stopwatch.GetElapsedTime(lastLine) > Quiet;
                if (!due && done != total)
                {
                    return;
                }

                if (done == total && step == lastStep && tenth == lastTenth)
                {
                    return; // the last line of this step was written already
                }

                lastStep = step;
                lastTenth = tenth;
                lastLine = Stopwatch.GetTimestamp();
                int restarted = Volatile.Read(ref restarts);
                writer.WriteLine($"{phase}: {done}/{total} {step}{suffix}{(restarted > 0 ? $", {restarted} target restarts" : string.Empty)}");
            }
        }
    }
}
