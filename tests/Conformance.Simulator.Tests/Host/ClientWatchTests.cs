using System.Diagnostics;
using Conformance.Simulator.Tests.Support;

namespace Conformance.Simulator.Tests.Host;

/// <summary>SimHost does not outlive its client, even when no request loop is there to notice.</summary>
[TestFixture]
public sealed class ClientWatchTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task SimHostWhoseClientIsGoneExitsOnItsOwn(CancellationToken cancellationToken)
    {
        // A shell starts SimHost for itself and exits at once: SimHost is left waiting for a connection that will
        // never come (it would wait two minutes). It must see its client gone and exit with ClientGone (5).
        var folder = Directory.CreateTempSubdirectory("conformance-clientwatch-");
        var shell = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        foreach (string argument in new[]
        {
            "-c", "dotnet \"$0\" --socket \"$1/s.sock\" --driver \"$2\" --bugcheck-file \"$1/bugcheck.log\" --client-pid $$ > \"$1/simhost.log\" 2>&1 & echo $!",
            Path.Combine(AppContext.BaseDirectory, "Conformance.SimHost.dll"), folder.FullName, Repository.ReferenceDriver,
        })
        {
            shell.ArgumentList.Add(argument);
        }

        int simHost;
        using (var started = Process.Start(shell)!)
        {
            simHost = int.Parse((await started.StandardOutput.ReadToEndAsync(cancellationToken)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            await started.WaitForExitAsync(cancellationToken);
        }

        while (!cancellationToken.IsCancellationRequested && Processes.IsRunning(simHost))
        {
            await Task.Delay(50, cancellationToken);
        }

        Assert.That(Processes.IsRunning(simHost), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(folder.FullName, "simhost.log")), Does.Contain("the client").And.Contain("is gone"));
        folder.Delete(recursive: true);
    }
}
