namespace Conformance.Engine.DriverBuilds;

/// <summary>
/// A build that cannot start: a source that is not there, a folder without C files, no clang. Nothing was compiled;
/// front ends report the message as a usage error.
/// </summary>
public sealed class DriverBuildException : Exception
{
    /// <summary>A refusal with a one-line message.</summary>
    public DriverBuildException(string message)
        : base(message)
    {
    }
}
