namespace Conformance.SimHost;

/// <summary>
/// Exit codes of SimHost when it ends on its own. A bugcheck kills the process from native code instead
/// (typically 139, SIGSEGV): the bugcheck file, not the exit code, is the evidence for that.
/// </summary>
internal static class HostExitCode
{
    public const int Normal = 0;
    public const int BadArguments = 2;
    public const int ConnectionFailed = 3;
    public const int ProtocolViolation = 4;

    /// <summary>The client process is gone (killed while the driver was running): nobody is left to serve.</summary>
    public const int ClientGone = 5;
}
