namespace Conformance.Coverage;

/// <summary>One line of a driver source as its coverage build counted it.</summary>
/// <param name="Number">The line number, from 1.</param>
/// <param name="Text">The source text of the line (as gcov printed it).</param>
/// <param name="Count">How often the line ran; null for a line with no code (comments, declarations, braces).</param>
/// <param name="Branches">The branch outcomes the compiler counted on the line (both arms of an if are two).</param>
/// <param name="BranchesTaken">The outcomes taken at least once.</param>
public sealed record CoveredLine(int Number, string Text, long? Count, int Branches, int BranchesTaken)
{
    /// <summary>The line holds code.</summary>
    public bool Executable => Count is not null;

    /// <summary>The line ran at least once.</summary>
    public bool Covered => Count > 0;

    /// <summary>The line ran, but one of its branch outcomes never happened.</summary>
    public bool Partial => Covered && BranchesTaken < Branches;
}
