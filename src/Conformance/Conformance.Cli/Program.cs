using Conformance.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // First Ctrl+C asks the verb to stop (SimHost is shut down cleanly); a second one kills the process.
    e.Cancel = !cancellation.IsCancellationRequested;
    cancellation.Cancel();
};

var console = new CommandConsole(Console.Out, Console.Error, ErrorIsTerminal: !Console.IsErrorRedirected);
return await CommandDispatcher.RunAsync(args, CommandTable.All, console, cancellation.Token).ConfigureAwait(false);
