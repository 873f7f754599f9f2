namespace Conformance.SimHost.Fuzzing;

/// <summary>
/// xorshift64*: the fuzz loop's only source of choices, so one seed gives the same execs on every run (System.Random's
/// seeded sequence is an implementation detail of the runtime).
/// </summary>
internal sealed class FuzzRandom(ulong seed)
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15ul : seed;

    public ulong Next()
    {
        _state ^= _state >> 12;
        _state ^= _state << 25;
        _state ^= _state >> 27;
        return _state * 0x2545F4914F6CDD1Dul;
    }

    /// <summary>0 .. <paramref name="bound"/> - 1 (0 for a bound of 0).</summary>
    public int Below(int bound) => bound <= 0 ? 0 : (int)(Next() % (ulong)bound);

    /// <summary>True with probability 1 / <paramref name="n"/>.</summary>
    public bool OneIn(int n) => Below(n) == 0;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];
}
