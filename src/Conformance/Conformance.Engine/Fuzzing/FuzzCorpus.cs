using System.Security.Cryptography;
using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.Engine.Fuzzing;

/// <summary>
/// A device's corpus on disk: queue/ holds one file per input that took a new path, named by its content hash,
/// each the call as the simulator protocol encodes it (IoctlCallCodec). Written as entries arrive, read back whole
/// by the next session, so fuzzing resumes where it stopped.
/// </summary>
public sealed class FuzzCorpus
{
    private const string Extension = ".call";
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly List<IoctlCall> _entries = [];

    private FuzzCorpus(string queue) => Queue = queue;

    /// <summary>The queue/ folder.</summary>
    public string Queue { get; }

    /// <summary>Every entry, those read at open first.</summary>
    public IReadOnlyList<IoctlCall> Entries => _entries;

    /// <summary>Entries read from disk when the corpus was opened.</summary>
    public int Resumed { get; private set; }

    /// <summary>Open (and create) the queue of <paramref name="deviceDirectory"/>; files that do not decode are skipped.</summary>
    public static FuzzCorpus Open(string deviceDirectory)
    {
        var corpus = new FuzzCorpus(Path.Combine(deviceDirectory, "queue"));
        Directory.CreateDirectory(corpus.Queue);
        foreach (string file in Directory.EnumerateFiles(corpus.Queue, "*" + Extension).Order(StringComparer.Ordinal))
        {
            if (Decode(File.ReadAllBytes(file)) is { } call)
            {
                corpus._names.Add(Path.GetFileNameWithoutExtension(file));
                corpus._entries.Add(call);
            }
        }

        corpus.Resumed = corpus._entries.Count;
        return corpus;
    }

    /// <summary>Keep <paramref name="call"/> (once: the same bytes are the same entry).</summary>
    public bool Add(IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        call = call with { CaseId = "fuzz" };
        byte[] bytes = Encode(call);
        string name = Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 8));
        if (!_names.Add(name))
        {
            return false;
        }

        File.WriteAllBytes(Path.Combine(Queue, name + Extension), bytes);
        _entries.Add(call);
        return true;
    }

    private static byte[] Encode(IoctlCall call)
    {
        var writer = new WireWriter();
        IoctlCallCodec.Write(writer, call);
        return writer.WrittenSpan.ToArray();
    }

    private static IoctlCall? Decode(byte[] bytes)
    {
        try
        {
            var reader = new WireReader(bytes);
            var call = IoctlCallCodec.Read(ref reader).ToIoctlCall();
            reader.EnsureEnd();
            return call;
        }
        catch (Exception e) when (e is ProtocolException or ArgumentException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
