using System.Text;
using Conformance.Scenarios;

namespace Conformance.Tests.Scenarios;

/// <summary>Garbage in, errors out: the loader never throws and never half-loads, whatever the file holds.</summary>
public class RobustnessTests
{
    private static readonly string[] Garbage =
    [
        "",
        "   \n\n  ",
        "---",
        "...",
        "{",
        "}",
        ":",
        "- - -",
        "? ? ?",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        new string('[', 5000),
        string.Concat(Enumerable.Repeat("a:\n ", 200)),
        "a: &a [*a]",
        "device: &d conformance-sample\nioctl: *d\n",
        "x: &x [1,1,1,1,1,1,1,1]\ny: &y [*x,*x,*x,*x,*x,*x,*x,*x]\nz: &z [*y,*y,*y,*y,*y,*y,*y,*y]\nvary: { input.size: *z }\n",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\ninput: { size: 99999999999999999999999999999999999 }\n",
        "device: conformance-sample\nioctl: 0x1FFFFFFFFFFFFFFFFFFFF\n",
        "device: conformance-sample\n\tioctl: IOCTL_SAMPLE_PING\n",
        "device: !!binary AAAA\n",
        "\u0000\u0001\u0002",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\nvary: { input.size: [1, 2] }\nexclude: [{ input.size: [1, 2] }]\n",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\ncases: [{ when: {}, expect: {} }]\n",
        "\"unterminated",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\nexpect: { status: { any_of: [[[]]] } }\n",
        "device: [conformance-sample]\nioctl: { code: [1] }\ninput: [1]\noutput: 7\nracer: []\nrepeat: {}\nvary: []\nexclude: {}\nexpect: []\ncases: {}\n",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n<<: { a: 1 }\n",
        "%YAML 1.2\n---\ndevice: conformance-sample\n",
        "device: conformance-sample\nioctl: IOCTL_SAMPLE_PING\nvary: { ioctl: [{ code: 1 }] }\n",
        "\uFEFFdevice: conformance-sample\nioctl: IOCTL_SAMPLE_PING\n",
    ];

    public static IEnumerable<TestCaseData> GarbageCases() =>
        Garbage.Select((g, i) => new TestCaseData(g).SetArgDisplayNames($"garbage{i}"));

    [TestCaseSource(nameof(GarbageCases))]
    public void GarbageGivesErrorsNotExceptions(string text)
    {
        var result = ScenarioText.Load(text);

        if (result.Succeeded)
        {
            Assert.That(result.Value!.Cases, Is.Not.Empty);
            return;
        }

        Assert.That(result.Value, Is.Null);
        Assert.That(result.Errors, Has.All.Matches<ScenarioError>(e => e.Line >= 1 && e.Column >= 1 && e.Message.Length > 0));
    }

    [Test]
    public void MutatedScenariosNeverThrow()
    {
        var seeds = Directory.EnumerateFiles(RepoPaths.ValidScenarios, "*.yaml", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var random = new Random(20251125);
        const string alphabet = " \t\n:-[]{}#&*!|>'\",.?0123456789xabcdefABCDEF_";
        for (var i = 0; i < 600; i++)
        {
            var text = new StringBuilder(seeds[i % seeds.Count]);
            for (var edits = random.Next(1, 6); edits > 0 && text.Length > 0; edits--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text.Remove(at, Math.Min(random.Next(1, 8), text.Length - at));
                        break;
                    case 1:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                    default:
                        text[at] = alphabet[random.Next(alphabet.Length)];
                        break;
                }
            }

            var mutated = text.ToString();
            LoadResult<Scenario>? result = null;
            Assert.DoesNotThrow(() => result = ScenarioText.Load(mutated), mutated);
            Assert.That(result!.Succeeded ^ result.Errors.Count > 0, Is.True, mutated);
        }
    }

    [Test]
    public void RandomBytesNeverThrow()
    {
        var random = new Random(7);
        var directory = Directory.CreateTempSubdirectory("conformance-garbage-");
        try
        {
            for (var i = 0; i < 50; i++)
            {
                var bytes = new byte[random.Next(0, 512)];
                random.NextBytes(bytes);
                var path = Path.Combine(directory.FullName, $"g{i}.yaml");
                File.WriteAllBytes(path, bytes);

                var result = ScenarioLoader.LoadFile(path, directory.FullName, ScenarioText.Devices);

                Assert.That(result.Succeeded, Is.False);
                Assert.That(result.Errors, Is.Not.Empty);
            }
        }
        finally
        {
            directory.Delete(true);
        }
    }
}
