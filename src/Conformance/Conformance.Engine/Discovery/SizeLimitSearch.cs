using Conformance.Scenarios;

namespace Conformance.Engine.Discovery;

/// <summary>
/// Finds the input and output lengths an IOCTL accepts by search over lengths: first a pair the driver answers with
/// success, then for each buffer (the other held at the working length) the smallest length whose status differs from
/// the status of length 0 (a length rejection ends there) and the largest length still answered with success, by
/// bisection. An output whose minimum follows the input at two input lengths is <c>min: input</c>.
/// </summary>
internal sealed class SizeLimitSearch(DeviceProber prober, CancellationToken cancellationToken)
{
    /// <summary>The longest length tried (64 KiB): accepted there means "no maximum".</summary>
    public const uint Ceiling = 64 * 1024;

    /// <summary>Lengths tried for the working pair, most typical first.</summary>
    private static readonly uint[] Candidates = [16, 64, 256, 4096, 8, 4, 1, 0];

    /// <summary>The first (input, output) pair, from <see cref="Candidates"/>, that the driver answers with success.</summary>
    public async Task<(uint Input, uint Output)?> FindWorkingPairAsync(ControlCode code)
    {
        var pairs = Candidates.SelectMany(i => Candidates.Select(o => (i, o))).ToList();
        var outcomes = await prober.CallAllAsync([.. pairs.Select(p => DeviceProber.Call(code.Value, p.i, p.o))], cancellationToken).ConfigureAwait(false);
        for (int k = 0; k < pairs.Count; k++)
        {
            if (outcomes[k].End == Targets.CallEnd.Completed && NtStatus.IsSuccess(outcomes[k].Status))
            {
                return pairs[k];
            }
        }

        return null;
    }

    /// <summary>The input's limits with the output at <paramref name="output"/> (or at the ceiling, when that is accepted).</summary>
    public async Task<DiscoveredBuffer> InputAsync(ControlCode code, uint input, uint output)
    {
        uint roomy = NtStatus.IsSuccess(await StatusAsync(code, input, Ceiling).ConfigureAwait(false)) ? Ceiling : output;
        var (min, tooShort) = await MinimumAsync(l => StatusAsync(code, l, roomy), input).ConfigureAwait(false);
        var (max, tooLong) = await MaximumAsync(l => StatusAsync(code, l, roomy), input).ConfigureAwait(false);
        string how = $"lengths 0..{Ceiling} bisected with the output at {roomy} bytes";
        return new DiscoveredBuffer(min, max, false, tooShort, tooLong, null, how);
    }

    /// <summary>The output's limits with the input at <paramref name="input"/>; <paramref name="otherInput"/> (another accepted input length) tells whether the minimum follows the input.</summary>
    public async Task<DiscoveredBuffer> OutputAsync(ControlCode code, uint input, uint output, uint? otherInput)
    {
        var (min, tooShort) = await MinimumAsync(l => StatusAsync(code, input, l), output).ConfigureAwait(false);
        var (max, tooLong) = await MaximumAsync(l => StatusAsync(code, input, l), output).ConfigureAwait(false);
        string how = $"lengths 0..{Ceiling} bisected with the input at {input} bytes";
        if (min == input && min > 0 && otherInput is { } other && other != input)
        {
            var (otherMin, _) = await MinimumAsync(l => StatusAsync(code, other, l), Math.Max(output, other)).ConfigureAwait(false);
            if (otherMin == other)
            {
                return new DiscoveredBuffer(0, max, true, tooShort, tooLong, null, $"{how}; the minimum was the input length at inputs {input} and {other}");
            }
        }

        return new DiscoveredBuffer(min, max, false, tooShort, tooLong, null, how);
    }

    private Task<int> StatusAsync(ControlCode code, uint input, uint output) =>
        prober.StatusAsync(DeviceProber.Call(code.Value, input, output), cancellationToken);

    // Smallest length in 1..working whose status differs from length 0's; (0, null) when length 0 already gets the working status.
    private static async Task<(uint Min, int? TooShort)> MinimumAsync(Func<uint, Task<int>> status, uint working)
    {
        int atZero = await status(0).ConfigureAwait(false);
        if (working == 0 || atZero == await status(working).ConfigureAwait(false))
        {
            return (0, null);
        }

        uint low = 0, high = working; // status(low) == atZero, status(high) != atZero
        while (high - low > 1)
        {
            uint middle = low + ((high - low) / 2);
            if (await status(middle).ConfigureAwait(false) == atZero)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return (high, atZero == DeviceProber.Crashed ? null : atZero);
    }

    // Largest length in working..Ceiling answered with success; (null, null) when the ceiling is.
    private static async Task<(uint? Max, int? TooLong)> MaximumAsync(Func<uint, Task<int>> status, uint working)
    {
        int atCeiling = await status(Ceiling).ConfigureAwait(false);
        if (NtStatus.IsSuccess(atCeiling))
        {
            return (null, null);
        }

        uint low = working, high = Ceiling; // success at low, not at high
        while (high - low > 1)
        {
            uint middle = low + ((high - low) / 2);
            if (NtStatus.IsSuccess(await status(middle).ConfigureAwait(false)))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        int above = await status(low + 1).ConfigureAwait(false);

        // A fault is the driver touching memory by the length (e.g. reading the output's length at an address the
        // input holds), not a length check: no maximum.
        return IsFault(above) ? (null, null) : (low, above == DeviceProber.Crashed ? null : above);
    }

    /// <summary>STATUS_ACCESS_VIOLATION or STATUS_DATATYPE_MISALIGNMENT: what a touch of bad memory raises.</summary>
    private static bool IsFault(int status) => status is unchecked((int)0xC0000005) or unchecked((int)0x80000002);
}
