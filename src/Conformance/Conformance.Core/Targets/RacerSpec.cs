namespace Conformance.Targets;

/// <summary>What a racer thread does to a user buffer while the call is in flight.</summary>
public enum RacerKind
{
    /// <summary>No racer.</summary>
    None = 0,

    /// <summary>Repeatedly XOR a byte range with 0xFF (double-fetch / TOCTOU).</summary>
    FlipBytes = 1,

    /// <summary>Repeatedly toggle the buffer's pages between their protection and no access.</summary>
    Protection = 2,
}

/// <summary>Which buffer a racer works on.</summary>
public enum RacerTarget
{
    /// <summary>The input buffer.</summary>
    Input = 0,

    /// <summary>The output buffer.</summary>
    Output = 1,
}

/// <summary>A concurrent mutation of a user buffer during the call.</summary>
public sealed record RacerSpec(RacerKind Kind, RacerTarget Target, uint ByteOffset, uint Length, uint PeriodNs)
{
    /// <summary>No racer.</summary>
    public static RacerSpec None { get; } = new(RacerKind.None, RacerTarget.Input, 0, 0, 0);
}
