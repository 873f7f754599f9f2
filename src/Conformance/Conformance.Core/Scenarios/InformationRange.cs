namespace Conformance.Scenarios;

/// <summary>
/// Accepted values of IoStatus.Information for one case, already resolved from relative forms like
/// <c>input.size</c>, so the runner only compares numbers.
/// </summary>
/// <param name="Min">Smallest accepted value.</param>
/// <param name="Max">Largest accepted value.</param>
public sealed record InformationRange(ulong Min, ulong Max)
{
    /// <summary>Whether <paramref name="information"/> is accepted.</summary>
    public bool Matches(ulong information) => information >= Min && information <= Max;

    /// <inheritdoc/>
    public override string ToString() => Min == Max ? $"{Min}" : $"{Min}..{Max}";
}
