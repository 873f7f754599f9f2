namespace Conformance.Scenarios.Parsing;

/// <summary>Bounds on buffer numbers; beyond them a value is a typo, not a test.</summary>
internal static class BufferLimits
{
    /// <summary>Page size of both targets; offsets are from the start of a page.</summary>
    public const uint PageSize = Targets.BufferSpec.PageSize;

    /// <summary>Largest real buffer (16 MiB): enough to cross any driver's length checks.</summary>
    public const uint MaxSize = 16 * 1024 * 1024;

    /// <summary>Largest declared length: the full ULONG a caller can pass.</summary>
    public const ulong MaxDeclaredLength = uint.MaxValue;

    /// <summary>Most pointers in one buffer (<c>pointers:</c>); drivers take a handful from a structure.</summary>
    public const int MaxPointers = 64;

    /// <summary>Most repetitions of one case.</summary>
    public const uint MaxRepeat = 10_000;

    /// <summary>Most cases one scenario may expand to.</summary>
    public const long MaxCases = 100_000;

    /// <summary>Longest racer period (1 s); a slower racer never meets the call.</summary>
    public const uint MaxPeriodNs = 1_000_000_000;

    /// <summary>Longest per-case time limit (10 min).</summary>
    public const uint MaxTimeLimitMs = 600_000;
}
