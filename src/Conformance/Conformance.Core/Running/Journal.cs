using System.Text;
using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>
/// Write-ahead journal: each case id is recorded (and flushed through to disk) before it is fired,
/// and its verdict after. After a crash that takes the runner down too (a VM reboot on Windows),
/// the last "fire" without a "done" names the case that crashed the machine.
/// Only "fire" records must reach the disk before the call; "done" records are buffered and written
/// at the end of each batch (one write per batch, not one per case): losing one to a crash of the
/// runner itself only makes a resumed run fire that case again.
/// </summary>
public sealed class Journal : IDisposable
{
    private readonly FileStream? stream;
    private readonly bool syncToDisk;

    /// <summary>Open (append) the journal at <paramref name="path"/>; null writes nothing.</summary>
    /// <param name="path">Journal file, or null.</param>
    /// <param name="syncToDisk">fsync the "fire" records (see <see cref="RunOptions.SyncJournalToDisk"/>); else they are written to the OS.</param>
    public Journal(string? path, bool syncToDisk = true)
    {
        this.syncToDisk = syncToDisk;
        if (path is null)
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.None);
    }

    /// <summary>Record that these cases are about to be fired.</summary>
    public void Firing(IEnumerable<string> caseIds)
    {
        var text = new StringBuilder();
        foreach (string id in caseIds)
        {
            text.Append("fire ").Append(id).Append('\n');
        }

        Append(text.ToString(), durable: true);
    }

    /// <summary>Record a case's verdict.</summary>
    public void Done(CaseResult result) =>
        Append($"done {result.Id} {result.Verdict.ToString().ToLowerInvariant()}\n", durable: false);

    /// <summary>Hand buffered "done" records to the operating system (end of a batch).</summary>
    public void Flush() => stream?.Flush(flushToDisk: false);

    /// <summary>Case ids fired but never finished, in journal order (the suspects after a crash).</summary>
    public static IReadOnlyList<string> Unfinished(string path)
    {
        var fired = new List<string>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path))
        {
            if (line.StartsWith("fire ", StringComparison.Ordinal))
            {
                fired.Add(line[5..]);
            }
            else if (line.StartsWith("done ", StringComparison.Ordinal))
            {
                done.Add(line[5..line.LastIndexOf(' ')]);
            }
        }

        return fired.Where(id => !done.Contains(id)).Distinct().ToList();
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

    /// <inheritdoc/>
    public void Dispose() => stream?.Dispose();
}
