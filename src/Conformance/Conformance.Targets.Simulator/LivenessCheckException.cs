namespace Conformance.Targets.Simulator;

/// <summary>
/// The device profile's liveness call failed on a driver no case had touched: the profile is wrong, not the driver
/// broken by a case. Raised by <see cref="SimulatorTarget.StartAsync"/> so a run stops before every case ends DEVICE_DEAD.
/// </summary>
public sealed class LivenessCheckException : Exception
{
    /// <summary>Creates the exception.</summary>
    public LivenessCheckException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LivenessCheckException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public LivenessCheckException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
