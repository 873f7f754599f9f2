using System.IO.Compression;

namespace Conformance.Running;

/// <summary>
/// A finished run's journal, kept gzipped (journal.txt.gz): its JSON lines compress about tenfold, and a finished
/// run needs it only to be resumed again or read by a person (zcat). Resuming unpacks it first.
/// </summary>
public static class JournalArchive
{
    /// <summary>The archive's name for a journal at <paramref name="journalPath"/>.</summary>
    public static string ArchivePath(string journalPath) => journalPath + ".gz";

    /// <summary>Whether the journal at <paramref name="journalPath"/> is there, plain or archived.</summary>
    public static bool Exists(string journalPath) => File.Exists(journalPath) || File.Exists(ArchivePath(journalPath));

    /// <summary>The text of the journal at <paramref name="journalPath"/>, plain or archived.</summary>
    public static string ReadAllText(string journalPath)
    {
        string archive = ArchivePath(journalPath);
        if (File.Exists(journalPath) || !File.Exists(archive))
        {
            return File.ReadAllText(journalPath);
        }

        using var reader = new StreamReader(new GZipStream(File.OpenRead(archive), CompressionMode.Decompress));
        return reader.ReadToEnd();
    }

    /// <summary>Gzip the closed journal at <paramref name="journalPath"/> and remove the plain file.</summary>
    public static void Pack(string journalPath)
    {
        string archive = ArchivePath(journalPath);
        string partial = archive + ".partial";
        using (var source = File.OpenRead(journalPath))
        using (var target = new GZipStream(File.Create(partial), CompressionLevel.Optimal))
        {
            source.CopyTo(target);
        }

        // Renamed into place only when complete: a crash here leaves the plain journal, never half an archive.
        File.Move(partial, archive, overwrite: true);
        File.Delete(journalPath);
    }

    /// <summary>Unpack the archive of <paramref name="journalPath"/> when only the archive is there; true when a journal is there afterwards.</summary>
    public static bool Unpack(string journalPath)
    {
        string archive = ArchivePath(journalPath);
        if (File.Exists(journalPath) || !File.Exists(archive))
        {
            return File.Exists(journalPath);
        }

        string partial = journalPath + ".partial";
        using (var source = new GZipStream(File.OpenRead(archive), CompressionMode.Decompress))
        using (var target = File.Create(partial))
        {
            source.CopyTo(target);
        }

        File.Move(partial, journalPath);
        File.Delete(archive);
        return true;
    }
}
