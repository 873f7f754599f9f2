namespace Conformance.Engine;

/// <summary>
/// The settings cannot make a run (a driver that is not there, a defect variant the reference driver does not
/// have, a target that cannot load the driver): nothing was fired and no run folder is left behind.
/// Front ends report the message as a usage error.
/// </summary>
public sealed class RunSettingsException : Exception
{
    /// <summary>A refusal with a one-line message.</summary>
    public RunSettingsException(string message)
        : base(message)
    {
    }

    /// <summary>A refusal caused by <paramref name="inner"/> (e.g. the simulator's driver load).</summary>
    public RunSettingsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
