namespace Conformance.Targets;

/// <summary>
/// A place in loaded code: the module and the offset from its load base (stable across runs, unlike the raw
/// address), and, where the module's debug information says, the function and source line.
/// </summary>
/// <param name="Module">The module's file name, e.g. libconformance_sample.so.</param>
/// <param name="Offset">Offset of the instruction from the module's load base (the file's virtual address).</param>
public sealed record CodeLocation(string Module, ulong Offset)
{
    /// <summary>The function the instruction belongs to (the innermost one when inlined), or null.</summary>
    public string? Function { get; init; }

    /// <summary>The source file, as the debug information names it, or null.</summary>
    public string? File { get; init; }

    /// <summary>The source line, or null.</summary>
    public int? Line { get; init; }

    /// <summary>
    /// True when <see cref="Offset"/> is a return address into this module (the call that led to the crash),
    /// false when it is the faulting instruction itself.
    /// </summary>
    public bool IsReturnAddress { get; init; }

    /// <summary>"module+0x1234", then " in Function (file.c:42)" when known.</summary>
    public override string ToString()
    {
        string where = $"{Module}+0x{Offset:X}";
        if (Function is null)
        {
            return where;
        }

        string source = File is null ? string.Empty : Line is { } line ? $" ({System.IO.Path.GetFileName(File)}:{line})" : $" ({System.IO.Path.GetFileName(File)})";
        return $"{where} in {Function}{source}";
    }
}
