namespace Conformance.Engine.DriverBuilds;

/// <summary>One run of the compiler.</summary>
/// <param name="Compiler">The compiler that ran.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="Sources">The .c files it compiled.</param>
/// <param name="ExitCode">Its exit code: 0 means the library was written.</param>
/// <param name="Diagnostics">Everything it printed (errors and warnings with file:line:col, as it prints them).</param>
/// <param name="Elapsed">Wall time of the compile and link.</param>
public sealed record DriverCompileResult(
    string Compiler,
    IReadOnlyList<string> Arguments,
    IReadOnlyList<string> Sources,
    int ExitCode,
    string Diagnostics,
    TimeSpan Elapsed)
{
    /// <summary>Whether the library was built.</summary>
    public bool Succeeded => ExitCode == 0;

    /// <summary>The command as a shell would take it, to run it again by hand.</summary>
    public string CommandLine => string.Join(' ', new[] { Compiler }.Concat(Arguments).Select(Quote));

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
