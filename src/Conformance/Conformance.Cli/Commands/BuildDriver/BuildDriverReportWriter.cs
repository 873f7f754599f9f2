using System.Globalization;
using Conformance.Engine.DriverBuilds;
using Conformance.Simulator.Protocol;
using Conformance.Targets.Simulator;

namespace Conformance.Cli.Commands.BuildDriver;

/// <summary>Prints a <see cref="DriverBuildReport"/>: the compiler's words and the command on stderr, the outcome on stdout.</summary>
internal static class BuildDriverReportWriter
{
    private const int StatusDllNotFound = unchecked((int)0xC0000135);
    private const int StatusProcedureNotFound = unchecked((int)0xC000007A);

    public static void Write(DriverBuildReport report, DriverBuildRequest request, CommandConsole console)
    {
        var compile = report.Compile;
        console.Error.WriteLine($"$ {compile.CommandLine}");
        console.Error.Write(compile.Diagnostics);
        string seconds = compile.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture);
        if (!compile.Succeeded)
        {
            console.Error.WriteLine($"conformance build-driver: {Path.GetFileName(compile.Compiler)} failed (exit code {compile.ExitCode}) after {seconds} s; nothing was written.");
            return;
        }

        string flavour = request.Defines.Any(d => d == "DBG" || d.StartsWith("DBG=", StringComparison.Ordinal)) ? "debug build" : "release build (DBG not defined)";
        console.Out.WriteLine($"built {request.Output} from {compile.Sources.Count} source(s) in {seconds} s: {flavour}, {(request.AccessTrace ? "access trace on" : "no access trace")}");
        if (report.LoadError is { } loadError)
        {
            console.Error.WriteLine($"conformance build-driver: the simulator could not run DriverEntry: {loadError}");
            return;
        }

        if (report.Load is { } load)
        {
            WriteLoad(load, console);
        }
    }

    private static void WriteLoad(DriverLoadReport load, CommandConsole console)
    {
        var output = console.Out;
        if (load.DriverEntryStatus is StatusDllNotFound or StatusProcedureNotFound)
        {
            // DriverEntry never ran: the library did not load (a missing symbol) or exports no DriverEntry.
            console.Error.WriteLine($"conformance build-driver: the simulator could not load the library: {load.Failure}");
            return;
        }

        output.WriteLine($"DriverEntry: {NtStatusText.Describe(load.DriverEntryStatus)}");
        if (!load.Loaded)
        {
            console.Error.WriteLine($"conformance build-driver: DriverEntry failed with {NtStatusText.Describe(load.DriverEntryStatus)}.");
        }

        foreach (string device in load.Devices)
        {
            output.WriteLine($"  device  {(device.Length > 0 ? device : "(unnamed)")}");
        }

        foreach (var link in load.SymbolicLinks)
        {
            output.WriteLine($"  link    {link.Link} -> {link.Target}");
        }

        foreach (var file in load.FileAccesses.Records.Where(r => r.Operation is FileOperation.Create or FileOperation.Open))
        {
            output.WriteLine($"  file    {file.Path}: {Describe(file)}");
        }

        if (load.Loaded && load.Devices.Count == 0)
        {
            output.WriteLine("  (no device object: nothing can be opened; a PnP driver creates its device in AddDevice, which the simulator does not call)");
        }

        if (load.UnloadBugcheck is { } crash)
        {
            console.Error.WriteLine($"conformance build-driver: DriverUnload crashed the simulated machine: {crash}");
        }
    }

    private static string Describe(FileAccessRecord file)
    {
        string result = NtStatusText.IsSuccess(file.Status)
            ? file.Information switch
            {
                0 => "superseded",
                1 => "opened",
                2 => "created",
                3 => "overwritten",
                _ => $"information {file.Information}",
            }
            : NtStatusText.Describe(file.Status);
        string handle = (file.Traits & FileAccessTraits.KernelHandle) != 0 ? "kernel handle" : "handle without OBJ_KERNEL_HANDLE";
        return $"{file.Operation.ToString().ToLowerInvariant()} -> {result} ({handle})";
    }
}
