using Conformance.Coverage;

namespace Conformance.Core.Tests.Coverage;

/// <summary>lcov's exclusion markers in the driver's comments: excluded lines are shown but leave the counts.</summary>
[TestFixture]
public sealed class ExclusionMarkerTests
{
    // A seeded-defect branch marked as a region (with a nested region) and one line marked alone.
    private const string Output = """
                -:    0:Source:src/neither.c
                4:    1:    if (Defect(1)) {
                -:    2:        /* LCOV_EXCL_START: seeded defect */
            #####:    3:        Broken();
                -:    4:        /* LCOV_EXCL_START */
            #####:    5:        MoreBroken();
                -:    6:        /* LCOV_EXCL_STOP */
            #####:    7:        StillBroken();
                -:    8:        /* LCOV_EXCL_STOP */
                -:    9:    }
            #####:   10:    Unreachable(); // LCOV_EXCL_LINE
            #####:   11:    NeverRan();
                4:   12:    Ran();
        """;

    private FileCoverage file = null!;

    [OneTimeSetUp]
    public void Read() => file = new FileCoverage("src/neither.c", GcovTextReader.Read(Output)[0].Lines);

    [Test]
    public void LinesInsideNestedRegionsAndMarkedLinesAreExcluded() =>
        Assert.That(file.Lines.Where(l => l.Excluded).Select(l => l.Number), Is.EqualTo(new[] { 2, 3, 4, 5, 6, 7, 8, 10 }));

    [Test]
    public void ExcludedLinesLeaveTheCountsAndTheUncoveredList()
    {
        var report = new CoverageReport("gcov", [file]);

        using (Assert.EnterMultipleScope())
        {
            Assert.That((file.LinesCovered, file.LinesTotal, file.LinesExcluded), Is.EqualTo((2, 3, 4)));
            Assert.That(report.Uncovered.Select(u => u.Line.Number), Is.EqualTo(new[] { 11 }));
            Assert.That(CoverageSummary.Line(report), Does.EndWith("1 line(s) never ran: src/neither.c:11; 4 line(s) excluded by LCOV_EXCL markers"));
        }
    }

    [Test]
    public void AStopWithoutAStartExcludesNothing()
    {
        var lines = ExclusionMarkers.Apply([new CoveredLine(1, "/* LCOV_EXCL_STOP */", null, 0, 0), new CoveredLine(2, "x();", 1, 0, 0)]);

        Assert.That(lines.Select(l => l.Excluded), Is.EqualTo(new[] { false, false }));
    }
}
