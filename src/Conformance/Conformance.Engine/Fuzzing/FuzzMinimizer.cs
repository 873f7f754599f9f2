using Conformance.Simulator.Protocol;
using Conformance.Targets;

namespace Conformance.Engine.Fuzzing;

/// <summary>
/// Shrinks an input while it still shows its finding: drops the racer, each pointer, odd access and states,
/// offsets, length lies, then halves sizes and clears contents, keeping each step that still fails. Greedy and
/// bounded by a number of replays: a reproducer a person can read, not a proven minimum.
/// </summary>
public static class FuzzMinimizer
{
    /// <summary>The smallest input found that <paramref name="stillFails"/> accepts, within <paramref name="budget"/> replays.</summary>
    public static async Task<IoctlCall> MinimizeAsync(IoctlCall call, Func<IoctlCall, Task<bool>> stillFails, int budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(stillFails);
        bool progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            foreach (var candidate in Candidates(call))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (budget-- <= 0)
                {
                    break;
                }

                if (await stillFails(candidate).ConfigureAwait(false))
                {
                    call = candidate;
                    progress = true;
                    break; // the candidates of the smaller input differ: start over from it
                }
            }
        }

        return call;
    }

    /// <summary>
    /// The shortest sequence found that <paramref name="stillFails"/> accepts: each call dropped in turn (copies from it
    /// go with it), then the last call's buffers as <see cref="MinimizeAsync"/> shrinks them, within <paramref name="budget"/> replays.
    /// </summary>
    public static async Task<IReadOnlyList<IoctlCall>> MinimizeSequenceAsync(IReadOnlyList<IoctlCall> calls, Func<IReadOnlyList<IoctlCall>, Task<bool>> stillFails,
        int budget, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(calls);
        ArgumentNullException.ThrowIfNull(stillFails);
        for (int i = calls.Count - 1; i >= 0 && calls.Count > 1 && budget > 0; i--)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = FuzzSequenceCodec.WithoutCall(calls, i);
            if (!FuzzSequenceCodec.IsValid(candidate))
            {
                continue;
            }

            budget--;
            if (await stillFails(candidate).ConfigureAwait(false))
            {
                calls = candidate;
            }
        }

        var steps = calls.Take(calls.Count - 1).ToList();
        var last = await MinimizeAsync(calls[^1], candidate => FuzzSequenceCodec.IsValid([.. steps, candidate]) ? stillFails([.. steps, candidate]) : Task.FromResult(false),
            budget, cancellationToken).ConfigureAwait(false);
        return [.. steps, last];
    }

    /// <summary>Each one-step simplification of <paramref name="call"/>, the ones that remove most first.</summary>
    public static IEnumerable<IoctlCall> Candidates(IoctlCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (call.Racer.Kind != RacerKind.None)
        {
            yield return call with { Racer = RacerSpec.None };
        }

        foreach (bool output in new[] { false, true })
        {
            var buffer = output ? call.Output : call.Input;
            foreach (var smaller in Simpler(buffer))
            {
                yield return output ? call with { Output = smaller } : call with { Input = smaller };
            }
        }

        if (call.GrantedAccess != 3)
        {
            yield return call with { GrantedAccess = 3 };
        }
    }

    private static IEnumerable<BufferSpec> Simpler(BufferSpec buffer)
    {
        for (int i = 0; i < buffer.Pointers.Count; i++)
        {
            int drop = i;
            yield return buffer with { Pointers = [.. buffer.Pointers.Where((_, j) => j != drop)] };
        }

        if (buffer.State is not (BufferMemoryState.ReadWrite or BufferMemoryState.Null))
        {
            yield return buffer with { State = BufferMemoryState.ReadWrite };
        }

        if (buffer.Offset != 0)
        {
            yield return buffer with { Offset = 0 };
        }

        if (buffer.DeclaredLength != buffer.Size)
        {
            yield return buffer with { DeclaredLength = buffer.Size };
            if (buffer.DeclaredLength < buffer.Size)
            {
                yield return Resize(buffer, buffer.DeclaredLength, honest: true);
            }
        }

        if (buffer.Size > 0)
        {
            yield return Resize(buffer, buffer.Size / 2, honest: buffer.DeclaredLength == buffer.Size);
            if (buffer.Size > 8)
            {
                yield return Resize(buffer, buffer.Size - (buffer.Size % 8 == 0 ? 8 : buffer.Size % 8), honest: buffer.DeclaredLength == buffer.Size);
            }
        }

        // Contents: the fill byte alone, then the trailing bytes equal to the fill gone, then each word cleared.
        if (!buffer.Content.IsEmpty)
        {
            yield return buffer with { Content = ReadOnlyMemory<byte>.Empty };
            int end = TrimmedLength(buffer.Content.Span, buffer.FillByte);
            if (end < buffer.Content.Length)
            {
                yield return buffer with { Content = buffer.Content[..end] };
            }

            for (int word = 0; word < Math.Min(end, 256); word += 4)
            {
                int length = Math.Min(4, buffer.Content.Length - word);
                if (buffer.Content.Span.Slice(word, length).ContainsAnyExcept((byte)0))
                {
                    byte[] cleared = buffer.Content.ToArray();
                    Array.Clear(cleared, word, length);
                    yield return buffer with { Content = cleared };
                }
            }
        }

        if (buffer.FillByte != 0 && buffer.Size > 0)
        {
            yield return buffer with { FillByte = 0 };
        }
    }

    private static int TrimmedLength(ReadOnlySpan<byte> content, byte fill)
    {
        int end = content.Length;
        while (end > 0 && content[end - 1] == fill)
        {
            end--;
        }

        return end;
    }

    private static BufferSpec Resize(BufferSpec buffer, uint size, bool honest) => buffer with
    {
        Size = size,
        DeclaredLength = honest ? size : buffer.DeclaredLength,
        Content = buffer.Content.Length > size ? buffer.Content[..(int)size] : buffer.Content,
        Pointers = [.. buffer.Pointers.Where(p => p.End <= size)],
    };
}
