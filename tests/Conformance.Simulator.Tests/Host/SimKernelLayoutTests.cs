using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Conformance.Simulator.Tests.Support;
using Conformance.SimHost.Native;

namespace Conformance.Simulator.Tests.Host;

/// <summary>
/// The C# mirrors of simkernel.h's structs must match what the C compiler lays out. Rather than trusting
/// hand-computed offsets, compile a probe against the real header and compare every field.
/// </summary>
[TestFixture]
public sealed class SimKernelLayoutTests
{
    private static readonly (string CName, Type Mirror)[] Structs =
    [
        ("SIM_BUFFER_POINTER", typeof(SimBufferPointer)),
        ("SIM_BUFFER_SPEC", typeof(SimBufferSpec)),
        ("SIM_RACER_SPEC", typeof(SimRacerSpec)),
        ("SIM_CASE", typeof(SimCase)),
        ("SIM_CASE_RESULT", typeof(SimCaseResult)),
        ("SIM_KERNEL_INFO", typeof(SimKernelInfo)),
        ("SIM_FILE_ACCESS_RECORD", typeof(SimFileAccessRecordNative)),
    ];

    [Test]
    public void EveryMirrorFieldSitsWhereTheCompilerPutsIt()
    {
        var expected = CompileAndRunProbe();
        var actual = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (cName, mirror) in Structs)
        {
            actual[cName] = Marshal.SizeOf(mirror);
            foreach (var field in mirror.GetFields(BindingFlags.Public | BindingFlags.Instance))
            {
                actual[$"{cName}.{field.Name}"] = Marshal.OffsetOf(mirror, field.Name).ToInt64();
            }
        }

        Assert.That(actual, Is.EquivalentTo(expected));
    }

    private static Dictionary<string, long> CompileAndRunProbe()
    {
        string directory = Directory.CreateTempSubdirectory("simkernel-layout-").FullName;
        try
        {
            var source = new StringBuilder("#include <stdio.h>\n#include <stddef.h>\n#include \"simkernel.h\"\nint main(void) {\n");
            foreach (var (cName, mirror) in Structs)
            {
                source.Append(CultureInfo.InvariantCulture, $"    printf(\"{cName}=%zu\\n\", sizeof({cName}));\n");
                foreach (var field in mirror.GetFields(BindingFlags.Public | BindingFlags.Instance))
                {
                    source.Append(CultureInfo.InvariantCulture, $"    printf(\"{cName}.{field.Name}=%zu\\n\", offsetof({cName}, {field.Name}));\n");
                }
            }

            source.Append("    return 0;\n}\n");
            string cFile = Path.Combine(directory, "probe.c");
            string exe = Path.Combine(directory, "probe");
            File.WriteAllText(cFile, source.ToString());
            Run("gcc", ["-std=gnu11", "-I", Repository.SimKernelInclude, "-o", exe, cFile]);
            return Run(exe, [])
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(line => line.Split('='))
                .ToDictionary(parts => parts[0], parts => long.Parse(parts[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{program} failed: {error}");
        return output;
    }
}
