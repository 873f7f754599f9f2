namespace Conformance.Scenarios;

/// <summary>What IoStatus.Status a case accepts: one value, a severity class, a set, or "anything but".</summary>
public abstract record StatusExpectation
{
    /// <summary>Whether <paramref name="status"/> satisfies the expectation.</summary>
    public abstract bool Matches(int status);

    /// <summary>The expectation as a scenario would write it, for reports.</summary>
    public abstract string Describe();

    /// <inheritdoc/>
    public override string ToString() => Describe();
}

/// <summary>Exactly one status.</summary>
/// <param name="Value">The NTSTATUS value.</param>
public sealed record ExactStatus(int Value) : StatusExpectation
{
    /// <inheritdoc/>
    public override bool Matches(int status) => status == Value;

    /// <inheritdoc/>
    public override string Describe() => NtStatus.Format(Value);
}

/// <summary>Any status of one severity class.</summary>
/// <param name="Severity">The class (top two bits).</param>
public sealed record StatusOfSeverity(StatusSeverity Severity) : StatusExpectation
{
    /// <inheritdoc/>
    public override bool Matches(int status) => NtStatus.SeverityOf(status) == Severity;

    /// <inheritdoc/>
    public override string Describe() => Severity.ToString().ToLowerInvariant();
}

/// <summary>Any of several statuses (e.g. a driver may validate before or after the probe).</summary>
/// <param name="Options">The accepted alternatives.</param>
public sealed record AnyOfStatus(IReadOnlyList<StatusExpectation> Options) : StatusExpectation
{
    /// <inheritdoc/>
    public override bool Matches(int status) => Options.Any(o => o.Matches(status));

    /// <inheritdoc/>
    public override string Describe() => $"any_of [{string.Join(", ", Options.Select(o => o.Describe()))}]";
}

/// <summary>Anything except the inner expectation (e.g. not STATUS_SUCCESS).</summary>
/// <param name="Excluded">The status or class that must not occur.</param>
public sealed record NotStatus(StatusExpectation Excluded) : StatusExpectation
{
    /// <inheritdoc/>
    public override bool Matches(int status) => !Excluded.Matches(status);

    /// <inheritdoc/>
    public override string Describe() => $"not {Excluded.Describe()}";
}
