namespace Conformance.Targets.Simulator;

/// <summary>SimHost could not be brought up: missing SimHost or driver, host crash at start, driver load failure.</summary>
public sealed class SimulatorStartException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SimulatorStartException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SimulatorStartException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public SimulatorStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
