using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conformance.Targets;
using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>
/// Write-ahead journal, one line per record: <c>started</c> (when the run began), <c>options</c>, <c>kernel_secret</c>
/// (the run's simulated kernel secret), <c>fire</c> (each case id,
/// on disk before the batch is fired), <c>outcome</c> (the whole call outcome as JSON, on disk when the batch
/// returns), <c>abandon</c> (in a fired batch but never ran: the batch ended on a crash before it, or
/// Ctrl+C stopped it) and <c>done</c> (the verdict). After a crash that takes the runner down too (a VM reboot on Windows, a killed process), the
/// journal alone is enough to judge every case that returned and to know which call was in flight
/// (<see cref="JournalHistory"/>); <c>conformance run --resume</c> continues from it.
/// "done" records are buffered and written with the next durable record: losing one changes nothing,
/// because a resumed run judges again from the outcome.
/// </summary>
public sealed class Journal : IDisposable
{
    private readonly FileStream? stream;
    private readonly FileStream? writerLock;
    private readonly bool syncToDisk;

    /// <summary>
    /// Open (append) the journal at <paramref name="path"/>; null writes nothing. One writer at a time: a
    /// second run on the same folder (resuming a run that is still going) gets an <see cref="IOException"/>.
    /// </summary>
    /// <param name="path">Journal file, or null.</param>
    /// <param name="syncToDisk">fsync the durable records (see <see cref="RunOptions"/>); else they are only handed to the OS.</param>
    public Journal(string? path, bool syncToDisk = true)
    {
        this.syncToDisk = syncToDisk;
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        // The lock is a file of its own, so readers of the journal (a resume, tail -f) are never refused.
        // It is an flock: a killed writer releases it with its process, whatever is left on disk.
        try
        {
            writerLock = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException error)
        {
            throw new IOException($"{path} is being written by another run (is that run still going?)", error);
        }

        stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        DropTornRecord(stream);
        stream.Seek(0, SeekOrigin.End);
    }

    /// <summary>
    /// Whether records are fsynced because the machine may die with the driver. When not, a batch's outcomes
    /// may be written while the next batch runs: losing them with the runner only means firing them again.
    /// </summary>
    public bool SyncsToDisk => syncToDisk && stream is not null;

    /// <summary>A journal that records nothing (front ends that do not keep a run folder).</summary>
    public static Journal None => new(null);

    /// <summary>Record when the run began (the reports of a resumed run keep the first start).</summary>
    public void Started(DateTimeOffset startedAt) =>
        Append($"started {startedAt.ToString("O", CultureInfo.InvariantCulture)}\n", durable: true);

    /// <summary>
    /// Record the run's kernel secret (the bytes every SimHost boot plants and no user buffer may receive), so a resumed
    /// run plants the same bytes and judges outcomes fired before the interruption against the secret they could leak.
    /// It is a test value drawn per run, not a credential.
    /// </summary>
    public void KernelSecret(ReadOnlySpan<byte> secret) =>
        Append($"kernel_secret {Convert.ToHexString(secret)}\n", durable: true);

    /// <summary>Record that these cases are about to be fired.</summary>
    public void Firing(IEnumerable<string> caseIds) => AppendEach("fire ", caseIds);

    /// <summary>
    /// Record the options that decide what a case's verdict means (target, driver, defect variant, filter...),
    /// so a resumed run can refuse to mix verdicts of two different drivers under one run id.
    /// </summary>
    public void Options(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Append($"options {JsonSerializer.Serialize(options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal))}\n", durable: true);
    }

    /// <summary>Record what came back from the target for fired cases.</summary>
    public void Returned(IEnumerable<CallOutcome> outcomes) => Returned(outcomes, null);

    /// <summary>
    /// Record what came back for fired cases; <paramref name="calls"/> are the calls in the same order (a batch
    /// and its outcomes), so buffers a call did not change are journaled as unchanged rather than copied.
    /// </summary>
    public void Returned(IEnumerable<CallOutcome> outcomes, IReadOnlyList<IoctlCall>? calls)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (stream is null)
        {
            return;
        }

        // Straight from the JSON writer to the file, one buffer per batch: this runs between two batches,
        // while the target waits, so no intermediate strings.
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        using var json = new Utf8JsonWriter(buffer);
        int index = 0;
        foreach (var outcome in outcomes)
        {
            buffer.Write("outcome "u8);
            json.Reset(buffer);
            var call = calls is not null && index < calls.Count && calls[index].CaseId == outcome.CaseId ? calls[index] : null;
            OutcomeRecord.Write(json, outcome, call);
            buffer.Write("\n"u8);
            index++;
        }

        stream.Write(buffer.WrittenSpan);
        stream.Flush(flushToDisk: syncToDisk);
    }

    /// <summary>Record cases of a fired batch that never ran (a crash ended the batch first, or Ctrl+C stopped it): fired again later, never blamed.</summary>
    public void Abandoned(IEnumerable<string> caseIds) => AppendEach("abandon ", caseIds);

    /// <summary>Record a case's verdict.</summary>
    public void Done(CaseResult result) =>
        Append($"done {result.Id} {result.Verdict.ToString().ToLowerInvariant()}\n", durable: false);

    /// <summary>Hand buffered "done" records to the operating system (end of a batch).</summary>
    public void Flush() => stream?.Flush(flushToDisk: false);

    private void AppendEach(string kind, IEnumerable<string> values)
    {
        var text = new StringBuilder();
        foreach (string value in values)
        {
            text.Append(kind).Append(value).Append('\n');
        }

        Append(text.ToString(), durable: true);
    }

    private void Append(string text, bool durable)
    {
        if (stream is null)
        {
            return;
        }

        stream.Write(Encoding.UTF8.GetBytes(text));
        if (durable)
        {
            stream.Flush(flushToDisk: syncToDisk);
        }
    }

    /// <summary>
    /// A crash can leave the last record half written. It is ignored when read; before appending, it is cut
    /// off, or the next record would be glued to it and both lost.
    /// </summary>
    private static void DropTornRecord(FileStream file)
    {
        long end = file.Length;
        var buffer = new byte[4096];
        while (end > 0)
        {
            int size = (int)Math.Min(buffer.Length, end);
            file.Seek(end - size, SeekOrigin.Begin);
            file.ReadExactly(buffer, 0, size);
            int newline = Array.LastIndexOf(buffer, (byte)'\n', size - 1);
            if (newline >= 0)
            {
                file.SetLength(end - size + newline + 1);
                return;
            }

            end -= size;
        }

        file.SetLength(0);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stream?.Dispose();
        writerLock?.Dispose();
    }
}
