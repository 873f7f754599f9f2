namespace Conformance.Engine.Fuzzing;

/// <summary>What a fuzz session is asked to do (docs/fuzz.md); the CLI only fills it in.</summary>
public sealed record FuzzSettings
{
    /// <summary>Repository, driver, defect variant and call timeout (a call silent this long is a hang), as for a run.</summary>
    public required RunSettings Run { get; init; }

    /// <summary>The device profile to fuzz (null: the only profile of the catalog, or conformance-sample).</summary>
    public string? Device { get; init; }

    /// <summary>The IOCTLs of the profile to fuzz (empty: all of them).</summary>
    public IReadOnlyList<string> Ioctls { get; init; } = [];

    /// <summary>The corpus folder; each device gets its own subfolder (queue/ and findings/).</summary>
    public required string CorpusDirectory { get; init; }

    /// <summary>How long to fuzz (zero: until <see cref="MaxExecs"/> or Ctrl+C).</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Execs to run at most (0: no limit): a test's budget, counted, not timed.</summary>
    public ulong MaxExecs { get; init; }

    /// <summary>Seed of the host's random choices: the same seed, corpus and driver give the same execs.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>A call longer than this is a HANG finding (the case expectation's time limit).</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Replays one finding's minimization may spend.</summary>
    public int MinimizeBudget { get; init; } = 48;

    /// <summary>A crash site seen this many times stops its IOCTL being fuzzed (the run's circuit breaker, for the fuzzer).</summary>
    public int CrashesPerIoctl { get; init; } = 3;
}
