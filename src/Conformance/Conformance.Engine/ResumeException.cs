namespace Conformance.Engine;

/// <summary>A run cannot be continued from the folder given (no journal, an unreadable one, or other settings); nothing was fired.</summary>
public sealed class ResumeException(string message) : Exception(message);
