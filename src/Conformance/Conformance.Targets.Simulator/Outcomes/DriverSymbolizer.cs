using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Conformance.Targets;

namespace Conformance.Targets.Simulator.Outcomes;

/// <summary>
/// Maps an offset in the driver's shared object to its function and source line, from the driver's own debug
/// information (it is built with -g), after the crash and outside the crashed process: the bugcheck path only records
/// module and offset, because nothing that reads files or allocates may run in a signal handler.
/// The mapping is binutils' addr2line, which comes with the gcc that builds the driver: it reads every DWARF
/// version gcc emits (the line tables, inlined frames and split units included), which a reader of our own would
/// have to keep up with. Without it, or for a stripped driver, the location keeps module and offset and no symbol.
/// </summary>
internal sealed class DriverSymbolizer(string driverPath)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(10);

    private readonly string _driverPath = Path.GetFullPath(driverPath);
    private readonly ConcurrentDictionary<ulong, (string? Function, string? File, int? Line)> _cache = new();

    /// <summary>The driver's file name, as the bugcheck record names its module.</summary>
    public string ModuleName => Path.GetFileName(_driverPath);

    /// <summary>The record with its driver locations symbolized (the others are left as they are).</summary>
    public BugcheckRecord Symbolize(BugcheckRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record with
        {
            Instruction = Symbolize(record.Instruction),
            DriverLocation = Symbolize(record.DriverLocation),
        };
    }

    /// <summary>The driver code at a return address (an offset into the driver), with function and line where known.</summary>
    public CodeLocation AtReturnAddress(ulong offset) =>
        Symbolize(new CodeLocation(ModuleName, offset) { IsReturnAddress = true })!;

    private CodeLocation? Symbolize(CodeLocation? location)
    {
        if (location is null || location.Module != ModuleName || location.Function is not null)
        {
            return location;
        }

        // A return address is the instruction after the call: the call itself is the byte before it.
        ulong lookup = location.IsReturnAddress && location.Offset > 0 ? location.Offset - 1 : location.Offset;
        var (function, file, line) = _cache.GetOrAdd(lookup, Lookup);
        return location with { Function = function, File = file, Line = line };
    }

    private (string? Function, string? File, int? Line) Lookup(ulong offset)
    {
        var start = new ProcessStartInfo("addr2line")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -f function names, -i inlined frames (innermost first: where the access is), -C demangle.
        foreach (string argument in new[] { "-f", "-i", "-C", "-e", _driverPath, string.Create(CultureInfo.InvariantCulture, $"0x{offset:x}") })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return default;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Budget))
            {
                process.Kill();
                return default;
            }

            return Parse(output.GetAwaiter().GetResult());
        }
        catch (Exception error) when (error is Win32Exception or InvalidOperationException or IOException)
        {
            // No addr2line here: module and offset still say where, and a person can run it by hand.
            return default;
        }
    }

    /// <summary>addr2line's first frame: "function\nfile:line[ (discriminator n)]"; "??" and "?" mean unknown.</summary>
    internal static (string? Function, string? File, int? Line) Parse(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.TrimEntries);
        if (lines.Length < 2)
        {
            return default;
        }

        string? function = lines[0] is "" or "??" ? null : lines[0];
        string where = lines[1];
        int discriminator = where.IndexOf(" (", StringComparison.Ordinal);
        if (discriminator >= 0)
        {
            where = where[..discriminator];
        }

        int colon = where.LastIndexOf(':');
        string? file = colon > 0 ? where[..colon] : null;
        int? line = colon > 0 && int.TryParse(where.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0 ? number : null;
        return (function, file is "??" ? null : file, line);
    }
}
