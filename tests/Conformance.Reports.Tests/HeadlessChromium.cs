using System.Diagnostics;

namespace Conformance.Reports.Tests;

/// <summary>
/// Runs Debian's Chromium headless on a local page and returns the DOM after its scripts ran, plus the
/// browser's log, where uncaught JavaScript errors appear as console lines.
/// </summary>
internal static class HeadlessChromium
{
    public const string BrowserPath = "/usr/bin/chromium";

    /// <summary>The script that installs the browser; named in the failure when it is missing.</summary>
    public const string InstallScript = "tests/Conformance.Reports.Tests/install-chromium.sh";

    /// <summary>Bounds a browser that never exits (a broken install, a page that spins).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public sealed record Result(string Dom, string Log);

    public static async Task<Result> DumpDomAsync(string htmlPath)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-profile-").FullName;
        try
        {
            var start = new ProcessStartInfo(BrowserPath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // A fresh profile and no background services: the run depends on nothing but the page.
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                $"--user-data-dir={profile}", "--enable-logging=stderr", "--v=0",
                "--dump-dom", new Uri(htmlPath).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {BrowserPath}");
            var dom = process.StandardOutput.ReadToEndAsync();
            var log = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Chromium forks renderer and GPU processes; kill the whole tree, not just the launcher.
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{BrowserPath} did not finish within {Timeout.TotalSeconds} s:\n{await log}");
            }

            return new Result(await dom, await log);
        }
        finally
        {
            Directory.Delete(profile, recursive: true);
        }
    }
}
