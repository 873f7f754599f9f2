namespace Conformance.Targets.Windows;

/// <summary>The Windows target cannot start or go on, for a reason the user can fix (the message says how).</summary>
public sealed class WindowsTargetException(string message) : Exception(message);
