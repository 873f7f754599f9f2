using System.Diagnostics;
using System.Runtime.Versioning;

namespace Conformance.Targets.Windows;

/// <summary>
/// Reads the crash events of the System log after a reboot, with wevtutil (part of Windows): its XML is the
/// format <see cref="SystemLogEvent.ParseAll"/> reads, the same a person exports from Event Viewer.
/// NOT YET RUN ON WINDOWS (Wine has no System log of crashes).
/// </summary>
[SupportedOSPlatform("windows")]
internal static class SystemLog
{
    /// <summary>The newest Kernel-Power 41 and BugCheck 1001 events, newest first.</summary>
    public static async Task<IReadOnlyList<SystemLogEvent>> ReadCrashEventsAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wevtutil.exe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in (string[])["qe", "System", "/q:*[System[(EventID=41 or EventID=1001)]]", "/f:xml", "/rd:true", "/c:20"])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new WindowsTargetException("cannot run wevtutil to read the System log");
        // Both streams read at once: a full stderr pipe would otherwise stop wevtutil before stdout ends.
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        string xml = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return process.ExitCode == 0
            ? SystemLogEvent.ParseAll(xml)
            : throw new WindowsTargetException($"wevtutil could not read the System log (exit {process.ExitCode}): {(await errors.ConfigureAwait(false)).Trim()}");
    }
}
