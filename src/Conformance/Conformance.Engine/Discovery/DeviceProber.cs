using Conformance.Targets;

namespace Conformance.Engine.Discovery;

/// <summary>
/// Fires discovery's probe calls at a started target in batches; a call that crashed or hung the target (or left the
/// device dead) restarts it and the rest of the batch goes on, so one bad code never ends a discovery.
/// </summary>
internal sealed class DeviceProber(IDeviceTarget target)
{
    /// <summary>The 4-byte pattern every probe buffer holds: small ULONG counts and sizes (1) get past most header checks.</summary>
    public static readonly byte[] ProbePattern = [0x01, 0x00, 0x00, 0x00];

    private const int BatchSize = 512;

    /// <summary>Calls made so far.</summary>
    public int Calls { get; private set; }

    /// <summary>Calls that crashed or hung the target.</summary>
    public int Crashes { get; private set; }

    /// <summary>Every probe that reached the driver and returned, kept for the event proofs (<see cref="ProofFinder"/>).</summary>
    public List<CallOutcome> Reached { get; } = [];

    /// <summary>One call: <paramref name="code"/> with read-write buffers of the given lengths (0: NULL, no buffer).</summary>
    public static IoctlCall Call(uint code, uint input, uint output, uint grantedAccess = 3,
        BufferMemoryState inputState = BufferMemoryState.ReadWrite, BufferMemoryState outputState = BufferMemoryState.ReadWrite) =>
        new($"discover/0x{code:X8}/{input}/{output}/{grantedAccess}", code, grantedAccess, Buffer(input, inputState), Buffer(output, outputState), RacerSpec.None);

    private static BufferSpec Buffer(uint size, BufferMemoryState state)
    {
        if (size == 0)
        {
            return BufferSpec.None;
        }

        var content = new byte[size];
        for (int i = 0; i < content.Length; i++)
        {
            content[i] = ProbePattern[i % ProbePattern.Length];
        }

        return new BufferSpec(state, size, 0, size, content, 0);
    }

    /// <summary>The outcomes of <paramref name="calls"/>, in order.</summary>
    public async Task<IReadOnlyList<CallOutcome>> CallAllAsync(IReadOnlyList<IoctlCall> calls, CancellationToken cancellationToken)
    {
        var outcomes = new List<CallOutcome>(calls.Count);
        while (outcomes.Count < calls.Count)
        {
            var batch = calls.Skip(outcomes.Count).Take(BatchSize).ToList();
            var got = await target.ExecuteAsync(batch, cancellationToken).ConfigureAwait(false);
            if (got.Count == 0)
            {
                throw new InvalidOperationException($"the target answered none of {batch.Count} probe calls");
            }

            outcomes.AddRange(got);
            Calls += got.Count;
            Reached.AddRange(got.Where(o => o.End == CallEnd.Completed && o.ReachedDriver != false));
            if (got[^1].End != CallEnd.Completed || got[^1].DeviceAlive == false)
            {
                Crashes += got[^1].End != CallEnd.Completed ? 1 : 0;
                await target.RestartAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return outcomes;
    }

    /// <summary>The status of one call; a call that crashed or hung counts as <see cref="Crashed"/>.</summary>
    public async Task<int> StatusAsync(IoctlCall call, CancellationToken cancellationToken)
    {
        var outcome = (await CallAllAsync([call], cancellationToken).ConfigureAwait(false))[0];
        return outcome.End == CallEnd.Completed ? outcome.Status : Crashed;
    }

    /// <summary>Stands for "the call did not return" where a status is wanted (no NTSTATUS has this value).</summary>
    public const int Crashed = int.MinValue + 0x7E57;
}
