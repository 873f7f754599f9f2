using System.Globalization;
using System.Text;
using Conformance.Engine;

namespace Conformance.Cli.Commands.Bench;

/// <summary>Formats a bench result for people or, with --json, for scripts.</summary>
internal static class BenchReport
{
    public static string ToText(BenchResult result, BenchSettings settings)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"Simulator bench: IOCTL_SAMPLE_PING, 4-byte output, {settings.Duration.TotalSeconds:0.#} s per measurement");
        text.AppendLine(culture, $"  single   1 call per ExecuteAsync       {result.SingleCallsPerSecond,12:N0} calls/s   {result.SingleRatio,6:0.000} of ceiling");
        text.AppendLine(culture, $"  batched  {settings.BatchSize} calls per ExecuteAsync     {result.BatchedCallsPerSecond,12:N0} calls/s   {result.BatchRatio,6:0.000} of ceiling");
        text.Append(culture, $"  ceiling  loop inside SimHost           {result.CeilingCallsPerSecond,12:N0} calls/s");
        return text.ToString();
    }

    /// <summary>Exactly the keys scripts and CI read; no other output on stdout.</summary>
    public static string ToJson(BenchResult result, EngineBenchResult engine, CaptureBenchResult capture, AccessTraceBenchResult accessTrace, double fuzzExecsPerSecond) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"single_calls_per_s\":{result.SingleCallsPerSecond:0.0},\"batched_calls_per_s\":{result.BatchedCallsPerSecond:0.0},\"ceiling_calls_per_s\":{result.CeilingCallsPerSecond:0.0},\"single_ratio\":{result.SingleRatio:0.0000},\"batch_ratio\":{result.BatchRatio:0.0000},\"engine_cases_per_s\":{engine.EngineCasesPerSecond:0.0},\"engine_overhead\":{engine.EngineOverhead:0.0000},\"engine_load_s\":{engine.Phases.LoadSeconds:0.0000},\"engine_run_s\":{engine.Phases.RunSeconds:0.0000},\"engine_reports_s\":{engine.Phases.ReportSeconds:0.0000},\"target_s\":{engine.TargetSeconds:0.0000},\"engine_cold_s\":{engine.ColdSeconds:0.0000},\"events_per_s\":{(capture.EventsLost == 0 ? capture.EventsPerSecond : 0):0.0},\"events_lost\":{capture.EventsLost},\"capture_overhead_s\":{capture.CaptureOverheadSeconds:0.000},\"trace_overhead\":{accessTrace.TraceOverhead:0.0000},\"fuzz_execs_per_s\":{fuzzExecsPerSecond:0.0}}}");

    /// <summary>The event capture line.</summary>
    public static string CaptureLine(CaptureBenchResult capture) => string.Create(
        CultureInfo.InvariantCulture,
        $"  events   EventPipe capture {capture.EventsPerSecond,12:N0} events/s ({capture.EventsLost} lost)   catalog run +{capture.CaptureOverheadSeconds:0.000} s with capture");

    /// <summary>The access trace line: the median round of the catalog's engine time with the trace against without.</summary>
    public static string AccessTraceLine(AccessTraceBenchResult accessTrace) => string.Create(
        CultureInfo.InvariantCulture,
        $"  access   trace overhead {accessTrace.TraceOverhead:0.000} (catalog, unraced: {accessTrace.TracedSeconds * 1000:0.0} ms with the access trace / {accessTrace.UntracedSeconds * 1000:0.0} ms without - 1; median of {AccessTraceBench.MeasuredRounds} rounds, capture off)");

    /// <summary>The fuzz line: execs per second of the loop inside SimHost.</summary>
    public static string FuzzLine(double execsPerSecond) => string.Create(
        CultureInfo.InvariantCulture,
        $"  fuzz     loop inside SimHost, clean reference driver, every IOCTL   {execsPerSecond,12:N0} execs/s (target 20,000)");

    /// <summary>The engine line: the whole catalog through load, run, judge and write, against the target alone.</summary>
    public static string EngineLine(EngineBenchResult engine) => string.Create(
        CultureInfo.InvariantCulture,
        $"  engine   catalog of {engine.Cases} cases: load, run, judge, write {engine.EngineCasesPerSecond,12:N0} cases/s   overhead {engine.EngineOverhead:0.000} (engine {engine.EngineSeconds:0.000} s / target alone {engine.TargetSeconds:0.000} s - 1)"
        + $"{Environment.NewLine}           engine phases: load {engine.Phases.LoadSeconds * 1000:0.0} ms, run and judge {engine.Phases.RunSeconds * 1000:0.0} ms, reports {engine.Phases.ReportSeconds * 1000:0.0} ms; first (cold JIT) round {engine.ColdSeconds * 1000:0.0} ms");
}
