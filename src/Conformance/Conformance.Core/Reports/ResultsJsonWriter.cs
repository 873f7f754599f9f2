using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conformance.Running;
using Conformance.Targets;

namespace Conformance.Reports;

/// <summary>
/// results.json: every case with its inputs, outcome, findings and events, for tools and later analysis.
/// The schema is docs/results-schema.md; keys are written in a fixed order so two equal runs give equal files.
/// </summary>
public sealed class ResultsJsonWriter : IReportWriter
{
    /// <summary>Bumped when a field changes meaning or disappears (adding fields does not bump it).</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// The writer keeps everything pending in one growing buffer until flushed; flushing in slices keeps
    /// that buffer off the large object heap (a megabyte file otherwise costs a full GC per run).
    /// </summary>
    private const int FlushThreshold = 32 * 1024;

    /// <inheritdoc/>
    public string FileName => "results.json";

    /// <summary>
    /// The run's header indented for people who open the file, each case on one line of its own (grep and diff
    /// find a case by its line; indenting every case tripled the file's size: 2.2 KB a case against 1.4 KB).
    /// Relaxed escaping keeps ids and messages readable (the file is never inlined into HTML, where the strict
    /// encoder would matter).
    /// </summary>
    internal static JsonWriterOptions Options { get; } = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions CaseOptions = Options with { Indented = false };

    /// <summary>Each device of the run with its event provider: the provider of every event that names none.</summary>
    private static void WriteDevices(Utf8JsonWriter json, RunResult run)
    {
        json.WriteStartObject("devices");
        foreach (var device in run.Results.Select(r => r.Case.Device).DistinctBy(d => d.Name))
        {
            json.WriteStartObject(device.Name);
            CaseJsonWriter.WriteStringOrNull(json, "event_provider", device.EventProvider);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    /// <summary>The options the run was started with: what the verdicts are about besides the driver.</summary>
    private static void WriteOptions(Utf8JsonWriter json, RunInvocation options)
    {
        json.WriteStartObject("options");
        json.WriteNumber("defect_variant", options.DefectVariant);
        CaseJsonWriter.WriteStringOrNull(json, "filter", options.Filter);
        CaseJsonWriter.WriteStringOrNull(json, "driver_path", options.DriverPath);
        CaseJsonWriter.WriteStringOrNull(json, "run_directory", options.RunDirectory);
        json.WriteEndObject();
    }

    /// <inheritdoc/>
    public void Write(RunResult run, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var json = new Utf8JsonWriter(destination, Options);
        json.WriteStartObject();
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("run_id", run.RunId);
        json.WriteString("started_at", ReportNames.Timestamp(run.StartedAt));
        json.WriteString("finished_at", ReportNames.Timestamp(run.FinishedAt));
        json.WriteString("target", run.Target.Name);
        WriteCapabilities(json, run.Target);
        json.WriteString("driver", run.DriverDescription);
        json.WriteString("scenarios_root", run.ScenariosRoot);
        WriteOptions(json, run.Invocation);
        WriteDevices(json, run);

        var summary = run.Summary;
        json.WriteStartObject("summary");
        json.WriteNumber("total", summary.Total);
        json.WriteNumber("passed", summary.Passed);
        json.WriteNumber("failed", summary.Failed);
        json.WriteNumber("errors", summary.Errors);
        json.WriteNumber("blocked", summary.Blocked);
        json.WriteEndObject();
        if (run.Coverage is { } coverage)
        {
            CoverageJsonWriter.Write(json, coverage);
        }

        json.WriteStartArray("cases");
        var line = new ArrayBufferWriter<byte>(4096);
        using var caseJson = new Utf8JsonWriter(line, CaseOptions);
        foreach (var result in run.Results)
        {
            line.ResetWrittenCount();
            line.Write("\n    "u8); // raw values get no line break from the indented writer: each case starts its own line
            caseJson.Reset(line);
            CaseJsonWriter.Write(caseJson, result);
            caseJson.Flush();
            json.WriteRawValue(line.WrittenSpan, skipInputValidation: true);
            if (json.BytesPending >= FlushThreshold)
            {
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>What the target could observe: a reader needs it to know which findings were even possible.</summary>
    private static void WriteCapabilities(Utf8JsonWriter json, TargetCapabilities target)
    {
        json.WriteStartObject("target_capabilities");
        json.WriteBoolean("kernel_canary", target.KernelCanary);
        json.WriteBoolean("kernel_secret", target.KernelSecret is not null);
        WriteByteOrNull(json, "pool_poison_byte", target.PoolPoisonByte);
        WriteByteOrNull(json, "stack_poison_byte", target.StackPoisonByte);
        json.WriteBoolean("access_trace", target.AccessTrace);
        json.WriteEndObject();
    }

    private static void WriteByteOrNull(Utf8JsonWriter json, string name, byte? value)
    {
        if (value is { } b)
        {
            json.WriteNumber(name, b);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
