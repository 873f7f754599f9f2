using System.Globalization;
using Conformance.Engine;

namespace Conformance.Suite;

/// <summary>Run settings of the suite, from NUnit test parameters (run settings), with the simulator as default.</summary>
internal static class SuiteSettings
{
    public static RunSettings FromTestParameters()
    {
        var parameters = TestContext.Parameters;
        return new RunSettings
        {
            RepositoryRoot = RunSettings.FindRepositoryRoot(AppContext.BaseDirectory),
            Target = Text("Target") ?? "simulator",
            DefectVariant = uint.Parse(Text("DefectVariant") ?? "0", NumberStyles.Integer, CultureInfo.InvariantCulture),
            ScenariosRoot = Text("Scenarios"),
            ResultsRoot = Text("Results"),
            DriverPath = Text("Driver"),
            Coverage = Text("Coverage") is not { } coverage ? false
                : bool.TryParse(coverage, out bool measure) ? measure
                : throw new ArgumentException($"TestRunParameters Coverage='{coverage}': use true or false (conformance.runsettings)"),
        };

        string? Text(string name) => parameters.Get(name) is { Length: > 0 } value ? value : null;
    }
}
