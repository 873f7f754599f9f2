using Conformance.Coverage;

namespace Conformance.Core.Tests.Coverage;

/// <summary>gcov's text output (gcc's gcov -b -c -t, and llvm-cov gcov, which writes the same) read into lines.</summary>
[TestFixture]
public sealed class GcovTextReaderTests
{
    // Two sources, the second inlining a header the first also inlines; counts, '*', #####, branches and calls.
    private const string Output = """
                -:    0:Source:src/dispatch.c
                -:    0:Graph:/tmp/cov/dispatch.gcno
                -:    0:Data:/tmp/cov/dispatch.gcda
                -:    0:Runs:2
                -:    1:/* dispatch */
        function Dispatch called 5 returned 100% blocks executed 75%
                5:    2:int Dispatch(int x)
                5*:   3:    if (x > 3)
        branch  0 taken 5 (fallthrough)
        branch  1 taken 0
            #####:    4:        return 1;
        call    0 returned 5
                5:    5:    return 2;
                -:    0:Source:include/inline.h
                -:    1:static int Twice(int x)
                3:    2:{ if (x) return 2 * x;
        branch  0 taken 3
        branch  1 never executed
                -:    0:Source:src/other.c
                -:    0:Runs:2
                1:    1:int Other(void) { return 0; }
                -:    0:Source:include/inline.h
                -:    1:static int Twice(int x)
                4:    2:{ if (x) return 2 * x;
        branch  0 taken 0
        branch  1 taken 4
        """;

    private IReadOnlyList<GcovSource> sources = null!;

    [OneTimeSetUp]
    public void Read() => sources = GcovTextReader.Read(Output.Replace("\n", "\r\n", StringComparison.Ordinal));

    [Test]
    public void EachSourceComesOnceInOrderOfFirstAppearance() =>
        Assert.That(sources.Select(s => s.Source), Is.EqualTo(new[] { "src/dispatch.c", "include/inline.h", "src/other.c" }));

    [Test]
    public void CountsBranchesAndLinesWithoutCodeAreRead()
    {
        var lines = sources[0].Lines;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines.Select(l => l.Number), Is.EqualTo(new[] { 1, 2, 3, 4, 5 }));
            Assert.That(lines[0], Is.EqualTo(new CoveredLine(1, "/* dispatch */", null, 0, 0)));
            Assert.That(lines[2], Is.EqualTo(new CoveredLine(3, "    if (x > 3)", 5, 2, 1)));
            Assert.That(lines[2].Partial, Is.True);
            Assert.That(lines[3], Is.EqualTo(new CoveredLine(4, "        return 1;", 0, 0, 0)), "##### is a line that never ran; a call row is no branch");
            Assert.That((lines[3].Executable, lines[3].Covered), Is.EqualTo((true, false)));
            Assert.That(lines[4].Covered, Is.True);
        }
    }

    [Test]
    public void AHeaderInlinedIntoTwoSourcesSumsItsCountsAndTakesABranchTakenInEitherCopy()
    {
        var line = sources[1].Lines.Single(l => l.Number == 2);

        Assert.That((line.Count, line.Branches, line.BranchesTaken), Is.EqualTo((7L, 2, 2)));
    }
}
