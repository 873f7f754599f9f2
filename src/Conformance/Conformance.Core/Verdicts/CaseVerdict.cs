namespace Conformance.Verdicts;

/// <summary>The verdict of one case.</summary>
public enum CaseVerdict
{
    /// <summary>Every expectation held.</summary>
    Pass,

    /// <summary>At least one finding.</summary>
    Fail,

    /// <summary>The suite could not judge the case (setup failed, lossy capture, host lost).</summary>
    Error,

    /// <summary>Not fired: a circuit breaker stopped an IOCTL that crashes every time.</summary>
    Blocked,
}
