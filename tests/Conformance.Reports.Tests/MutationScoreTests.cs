using System.Text;
using System.Text.Json;
using Conformance.Reports.MutationScores;
using Conformance.Verdicts;

namespace Conformance.Reports.Tests;

/// <summary>The self-check's mutation score: the table selfcheck prints, its JSON, and selfcheck.html.</summary>
[TestFixture]
public sealed class MutationScoreTests
{
    private static readonly MutationScore Score = new(
        0,
        "/results/selfcheck-1/20261130-clean",
        [
            new MutantOutcome(1, "neither-no-probe", [FindingCategory.ArbitraryWrite], 5, ["s/a[x=1]", "s/a[x=2]", "s/a[x=3]", "s/a[x=4]"], [FindingCategory.ArbitraryWrite, FindingCategory.WrongStatus], "/results/selfcheck-1/20261130-v1"),
            new MutantOutcome(4, "uninitialized-output", [FindingCategory.InfoLeak], 2, [], [FindingCategory.WrongStatus], "/results/selfcheck-1/20261130-v4"),
        ]);

    private static readonly string[] FirstCases = ["s/a[x=1]", "s/a[x=2]", "s/a[x=3]"];
    private static readonly string[] Categories = ["ARBITRARY_WRITE", "WRONG_STATUS"];

    [Test]
    public void TheTableSaysPerVariantCaughtByHowManyAndWhichCasesAndTheScore()
    {
        var text = new StringWriter();
        MutationScoreText.Write(text, Score);
        string[] lines = text.ToString().Split(Environment.NewLine);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(lines[0], Is.EqualTo("clean driver: 0 failed case(s)"));
            Assert.That(lines[2], Does.Match(@"^ 1 neither-no-probe\s+yes\s+5\s+4  ARBITRARY_WRITE\*, WRONG_STATUS$"));
            Assert.That(lines[3].Trim(), Is.EqualTo("caught by s/a[x=1], s/a[x=2], s/a[x=3] (+1 more)"));
            Assert.That(lines[4], Does.Match(@"^ 4 uninitialized-output\s+NO\s+2\s+0  WRONG_STATUS$"));
            Assert.That(lines[5], Is.EqualTo("mutation score: 1/2 variants caught (50.0%)"));
        }
    }

    [Test]
    public void TheJsonHoldsTheScoreAndEveryVariant()
    {
        using var stream = new MemoryStream();
        MutationScoreJson.Write(stream, Score);
        using var document = JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        var first = root.GetProperty("variants")[0];

        using (Assert.EnterMultipleScope())
        {
            Assert.That(root.GetProperty("clean_failures").GetInt32(), Is.Zero);
            Assert.That(root.GetProperty("score").GetProperty("caught").GetInt32(), Is.EqualTo(1));
            Assert.That(root.GetProperty("score").GetProperty("total").GetInt32(), Is.EqualTo(2));
            Assert.That(root.GetProperty("score").GetProperty("percent").GetDouble(), Is.EqualTo(50.0));
            Assert.That((first.GetProperty("number").GetInt32(), first.GetProperty("name").GetString(), first.GetProperty("caught").GetBoolean()), Is.EqualTo((1, "neither-no-probe", true)));
            Assert.That((first.GetProperty("failed_cases").GetInt32(), first.GetProperty("catching_cases").GetInt32()), Is.EqualTo((5, 4)));
            Assert.That(first.GetProperty("first_catching_cases").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(FirstCases));
            Assert.That(first.GetProperty("categories").EnumerateArray().Select(e => e.GetString()), Is.EqualTo(Categories));
            Assert.That(first.GetProperty("fitting_categories")[0].GetString(), Is.EqualTo("ARBITRARY_WRITE"));
            Assert.That(root.GetProperty("variants")[1].GetProperty("caught").GetBoolean(), Is.False);
        }
    }

    [Test]
    public void ThePageShowsTheScoreAndLinksEachVariantToItsRunsReport()
    {
        using var stream = new MemoryStream();
        MutationScoreHtml.Write(stream, Score, "/results/selfcheck-1");
        string html = Encoding.UTF8.GetString(stream.ToArray());

        using (Assert.EnterMultipleScope())
        {
            Assert.That(html, Does.Contain("<title>Self-check: mutation score 1/2</title>"));
            Assert.That(html, Does.Contain("<span class=\"n\">1/2</span><span class=\"muted\">variants caught (50.0%)</span>"));
            Assert.That(html, Does.Contain("<span class=\"badge pass\">caught</span>"));
            Assert.That(html, Does.Contain("<span class=\"badge fail\">NOT CAUGHT</span>"));
            Assert.That(html, Does.Contain("<div>s/a[x=3]</div><div class=\"muted\">and 1 more</div>"));
            Assert.That(html, Does.Contain("<a href=\"20261130-v1/report.html\" title=\"20261130-v1\">report</a>"));
            Assert.That(html, Does.Contain(">ARBITRARY_WRITE*</span>"));
        }
    }
}
