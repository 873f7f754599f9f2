using System.Globalization;
using Conformance.Targets;

namespace Conformance.Running;

/// <summary>
/// What a journal says about a run that stopped: when it began, every outcome that came back, and the
/// cases that were fired but never returned. Consecutive "fire" records are one batch, fired in order
/// (exact on journals synced to disk; a simulator journal writes outcomes while the next batch runs);
/// the first unreturned case of the last batch is the call that was in flight when the journal ends,
/// unless that batch had already ended on a crash (a bugcheck, hang, lost host or dead device returned for one of its
/// cases): the target stops a batch there, and the runner was restarting it when the journal ended.
/// </summary>
public sealed class JournalHistory
{
    private readonly Dictionary<string, (IReadOnlyList<BufferChange>? Input, IReadOnlyList<BufferChange>? Output)> changes;

    private JournalHistory(DateTimeOffset? startedAt, IReadOnlyDictionary<string, string>? options, IReadOnlyList<CallOutcome> outcomes,
        IReadOnlyList<string> unreturned, string? inFlight, byte[]? kernelSecret,
        Dictionary<string, (IReadOnlyList<BufferChange>? Input, IReadOnlyList<BufferChange>? Output)> changes)
    {
        KernelSecret = kernelSecret;
        this.changes = changes;
        StartedAt = startedAt;
        Options = options;
        Outcomes = outcomes;
        Unreturned = unreturned;
        InFlight = inFlight;
    }

    /// <summary>When the run began, if the journal says.</summary>
    public DateTimeOffset? StartedAt { get; }

    /// <summary>The options the run was started with (<see cref="Journal.Options"/>), if the journal says.</summary>
    public IReadOnlyDictionary<string, string>? Options { get; }

    /// <summary>The run's kernel secret (<see cref="Journal.KernelSecret"/>), or null in journals written before it was recorded.</summary>
    public byte[]? KernelSecret { get; }

    /// <summary>One outcome per returned case (the latest, if a case was fired again), in the order they came back.</summary>
    public IReadOnlyList<CallOutcome> Outcomes { get; }

    /// <summary>Cases fired with no outcome and not abandoned since, in firing order.</summary>
    public IReadOnlyList<string> Unreturned { get; }

    /// <summary>The call that was running when the journal ends, or null (the last batch had returned, or was abandoned).</summary>
    public string? InFlight { get; }

    /// <summary>
    /// <paramref name="outcome"/> with the buffers its record journaled as changes (the journal keeps no copy of a
    /// buffer, only the bytes the call changed) rebuilt from <paramref name="call"/>'s initial bytes.
    /// </summary>
    public CallOutcome WithBuffers(CallOutcome outcome, IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(call);
        if (!changes.TryGetValue(outcome.CaseId, out var changed))
        {
            return outcome;
        }

        return outcome with
        {
            InputAfter = changed.Input is { } input ? OutcomeRecord.ApplyChanges(call.Input, input) : outcome.InputAfter,
            OutputAfter = changed.Output is { } output ? OutcomeRecord.ApplyChanges(call.Output, output) : outcome.OutputAfter,
        };
    }

    /// <summary>
    /// Read <paramref name="path"/>. A last line without its newline is the write a crash interrupted and is
    /// ignored; any other unreadable record is a <see cref="FormatException"/> naming its line.
    /// </summary>
    public static JournalHistory Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = JournalArchive.ReadAllText(path); // a finished run's journal is archived
        var lines = text.Split('\n');
        // Split leaves "" after a final newline, or the torn tail of an interrupted write: either way, not a record.
        int complete = lines.Length - 1;

        DateTimeOffset? startedAt = null;
        Dictionary<string, string>? options = null;
        byte[]? kernelSecret = null;
        var outcomes = new Dictionary<string, CallOutcome>(StringComparer.Ordinal);
        var changes = new Dictionary<string, (IReadOnlyList<BufferChange>? Input, IReadOnlyList<BufferChange>? Output)>(StringComparer.Ordinal);
        var order = new List<string>();
        var pending = new Dictionary<string, (int Batch, int Order)>(StringComparer.Ordinal); // fired, not returned
        var lastBatch = new List<string>();
        int batch = 0;
        bool inFireRun = false;
        bool lastBatchEnded = false;
        for (int i = 0; i < complete; i++)
        {
            string line = lines[i];
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string kind = space < 0 ? line : line[..space];
            string rest = space < 0 ? string.Empty : line[(space + 1)..];
            if (kind != "fire")
            {
                inFireRun = false;
            }

            switch (kind)
            {
                case "started":
                    startedAt ??= DateTimeOffset.Parse(rest, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
                    break;
                case "options":
                    options ??= ReadOptions(rest, path, i + 1);
                    break;
                case "kernel_secret":
                    kernelSecret ??= ReadSecret(rest, path, i + 1);
                    break;
                case "fire":
                    if (!inFireRun)
                    {
                        batch++;
                        lastBatch = [];
                        lastBatchEnded = false;
                        inFireRun = true;
                    }

                    pending[rest] = (batch, i);
                    lastBatch.Add(rest);
                    break;
                case "outcome":
                    var journaled = Outcome(rest, path, i + 1);
                    var outcome = journaled.Outcome;
                    if (!outcomes.ContainsKey(outcome.CaseId))
                    {
                        order.Add(outcome.CaseId);
                    }

                    outcomes[outcome.CaseId] = outcome;
                    changes[outcome.CaseId] = (journaled.InputChanges, journaled.OutputChanges);
                    if (pending.Remove(outcome.CaseId, out var returned) && returned.Batch == batch && (outcome.End != CallEnd.Completed || outcome.DeviceAlive == false))
                    {
                        lastBatchEnded = true;
                    }

                    break;
                case "abandon":
                    pending.Remove(rest);
                    break;
                case "done" or "":
                    break;
                default:
                    throw new FormatException($"{path}:{i + 1}: unknown journal record '{kind}'");
            }
        }

        string? inFlight = lastBatchEnded ? null : lastBatch.FirstOrDefault(id => pending.TryGetValue(id, out var fired) && fired.Batch == batch);
        var unreturned = pending.OrderBy(p => p.Value.Order).Select(p => p.Key).ToList();
        return new JournalHistory(startedAt, options, [.. order.Select(id => outcomes[id])], unreturned, inFlight, kernelSecret, changes);
    }

    private static byte[] ReadSecret(string hex, string path, int line)
    {
        try
        {
            return Convert.FromHexString(hex);
        }
        catch (FormatException error)
        {
            throw new FormatException($"{path}:{line}: not a kernel_secret record: {error.Message}", error);
        }
    }

    private static Dictionary<string, string> ReadOptions(string json, string path, int line)
    {
        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(json)
                ?? throw new FormatException("the options record is null");
        }
        catch (System.Text.Json.JsonException error)
        {
            throw new FormatException($"{path}:{line}: not an options record: {error.Message}", error);
        }
    }

    private static JournaledOutcome Outcome(string json, string path, int line)
    {
        try
        {
            return OutcomeRecord.Read(json);
        }
        catch (FormatException error)
        {
            throw new FormatException($"{path}:{line}: {error.Message}", error);
        }
    }
}
