using Conformance.Running;
using Conformance.Verdicts;

namespace Conformance.Reports.Tests;

/// <summary>A raced scenario repeated 400 times, 290 of them crashing: one group with a count, not 290 blocks.</summary>
[TestFixture]
public sealed class FailureGroupTests
{
    private const int Repetitions = 400;
    private const int Crashes = 290;

    private static readonly string[] SampleSignatures =
    [
        "BUGCHECK · bugcheck 0x50 PAGE_FAULT_IN_NONPAGED_AREA",
        "INFO_LEAK, OUT_OF_BOUNDS_WRITE, WRONG_STATUS, WRONG_INFORMATION · returned STATUS_SUCCESS",
    ];

    [Test]
    public void RepetitionsOfOneScenarioFailingTheSameWayAreOneGroupWithItsCount()
    {
        var groups = FailureGroup.Of(RacedRun());
        Assert.Multiple(() =>
        {
            Assert.That(groups, Has.Count.EqualTo(1));
            Assert.That(groups[0].Kind, Is.EqualTo(FailureKind.Security));
            Assert.That(groups[0].Share("failed"), Is.EqualTo("290 of 400 repetitions failed"));
            Assert.That(groups[0].Subgroups, Has.Count.EqualTo(1));
            Assert.That(groups[0].Subgroups[0].Signature, Is.EqualTo("BUGCHECK · bugcheck 0x50 PAGE_FAULT_IN_NONPAGED_AREA"));
        });
    }

    [Test]
    public void TheReportShowsOneCaseInFullAndListsTheOthersCompactly()
    {
        var html = Rendered.Text(new HtmlReportWriter(), RacedRun());
        Assert.Multiple(() =>
        {
            Assert.That(html, Does.Contain("<strong>290 of 400 repetitions failed</strong>"));
            Assert.That(html.Split("<article ").Length - 1, Is.EqualTo(1));
            Assert.That(html, Does.Contain("289 more cases the same way"));
            Assert.That(html, Does.Contain(">BUGCHECK</span> <span class=\"muted\">&#xD7;290</span>"));
            // Every failing case keeps an anchor, so the table's links land on its compact row.
            Assert.That(html.Split("<tr id=\"case-").Length - 1, Is.EqualTo(Crashes - 1));
        });
    }

    [Test]
    public void WaysOfFailingAreSeparateSubgroupsMostSevereFirst()
    {
        var run = SampleRun.Build();
        var lengths = FailureGroup.Of(run).Single(g => g.Kind == FailureKind.Security);
        Assert.That(lengths.Subgroups.Select(s => s.Signature), Is.EqualTo(SampleSignatures));
    }

    private static RunResult RacedRun()
    {
        var crash = SampleRun.Bugchecked();
        var pass = SampleRun.Passing();
        var results = Enumerable.Range(1, Repetitions).Select(repetition =>
        {
            var template = repetition % 40 < 29 ? crash : pass; // 29 of every 40: 290 of 400
            var id = $"sample/race#{repetition}";
            return template with
            {
                Case = template.Case with
                {
                    Id = id,
                    Provenance = template.Case.Provenance with { ScenarioId = "sample/race", Axes = [], Repetition = repetition },
                },
            };
        }).ToList();
        Assert.That(results.Count(r => r.Verdict == CaseVerdict.Fail), Is.EqualTo(Crashes));
        return SampleRun.Build() with { Results = results };
    }
}
