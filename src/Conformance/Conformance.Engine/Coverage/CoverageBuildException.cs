namespace Conformance.Engine.Coverage;

/// <summary>The coverage build of a driver failed (the compiler's or make's messages are in the text).</summary>
public sealed class CoverageBuildException : Exception
{
    /// <summary>A failure with its message.</summary>
    public CoverageBuildException(string message)
        : base(message)
    {
    }
}
