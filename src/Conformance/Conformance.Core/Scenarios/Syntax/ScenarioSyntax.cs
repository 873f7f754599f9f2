using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Syntax;

/// <summary>
/// Every key and path a scenario file may contain, in one place: the parsers read only these, and a test
/// compares them with scenarios/schema/scenario.schema.json so the editor schema never drifts from the loader.
/// </summary>
internal static partial class ScenarioSyntax
{
    public static readonly KeySet Document = new("$root", "scenario",
        ["description", "device", "steps", "ioctl", "access", "input", "output", "racer", "repeat", "vary", "exclude", "expect", "cases"]);

    /// <summary>One entry of <c>steps:</c>: a call fired before the scenario's own, on the same device handle.</summary>
    public static readonly KeySet Step = new("step", "step",
        ["name", "ioctl", "input", "output", "expect"]);

    /// <summary>A step's expectations: its status only (every oracle judges it with its safe defaults).</summary>
    public static readonly KeySet StepExpect = new("step_expect", "step expectations",
        ["status"]);

    public static readonly KeySet InlineIoctl = new("inline_ioctl", "inline IOCTL",
        ["code", "device_type", "function", "method", "access"]);

    public static readonly KeySet Buffer = new("buffer", "{0} buffer",
        ["size", "content", "fill", "state", "offset", "declared_length"]);

    public static readonly KeySet Content = new("content", "buffer content",
        ["pattern", "bytes", "file", "text", "pointers", "copies", "name"]);

    /// <summary>The content keys that give the bytes; at most one per content.</summary>
    public static readonly IReadOnlyList<string> ContentBytes = ["pattern", "bytes", "file", "text"];

    public static readonly KeySet Pointer = new("pointer", "buffer pointer",
        ["offset", "to", "size"]);

    public static readonly KeySet Copy = new("copy", "buffer copy",
        ["offset", "from", "size"]);

    public static readonly KeySet Racer = new("racer", "racer",
        ["kind", "target", "offset", "length", "period_ns"]);

    public static readonly KeySet Expect = new("expect", "expectations",
        ["status", "information", "alive", "output_untouched_past_information", "readonly_unchanged",
         "kernel_canary_intact", "no_kernel_secret", "no_pool_poison",
         "no_double_fetch", "user_access_probed", "user_access_in_try", "no_unexpected_user_access",
         "file_open_checked", "kernel_handles", "time_limit_ms", "events", "forbid_events",
         "logs_validation_failure", "logs_handled_exception"]);

    public static readonly KeySet StatusSet = new("status_set", "status expectation",
        ["any_of", "not"]);

    public static readonly KeySet InformationRange = new("information_range", "information range",
        ["min", "max"]);

    public static readonly KeySet Event = new("event", "event expectation",
        ["name", "fields"]);

    public static readonly KeySet Case = new("case", "case override",
        ["when", "expect"]);

    /// <summary>All mapping kinds, for the schema consistency test.</summary>
    public static readonly IReadOnlyList<KeySet> All =
        [Document, Step, StepExpect, InlineIoctl, Buffer, Content, Pointer, Copy, Racer, Expect, StatusSet, InformationRange, Event, Case];

    /// <summary>The buffer fields a <c>vary:</c> axis may set by name (a pointer axis is a pattern: <see cref="TryParsePointerPath"/>).</summary>
    public static readonly IReadOnlyList<string> VariableBufferFields = ["size", "state", "offset", "declared_length", "fill", "content"];

    /// <summary>Every path a <c>vary:</c> axis may name.</summary>
    public static readonly IReadOnlyList<string> VaryPaths =
    [
        "ioctl", "access",
        .. VariableBufferFields.Select(f => "input." + f),
        .. VariableBufferFields.Select(f => "output." + f),
        .. Racer.Keys.Select(k => "racer." + k),
    ];

    /// <summary>How a pointer axis is written, for hints.</summary>
    public const string PointerPathExample = "input.pointer@8";

    /// <summary>Whether <paramref name="path"/> is a content axis (input.content, output.content): its values are mappings.</summary>
    public static bool IsContentPath(string path) => path is "input.content" or "output.content";

    /// <summary>
    /// Reads a pointer axis path, <c>input.pointer@8</c> or <c>output.pointer@0x10</c>: the pointer at that byte
    /// offset of the buffer, whose target the axis varies. '@', not brackets: [ and ] end a plain key inside the flow
    /// mappings scenarios write selectors in (when: { input.pointer@8: output }), so brackets would need quotes there.
    /// </summary>
    public static bool TryParsePointerPath(string path, out string buffer, out uint offset)
    {
        buffer = "";
        offset = 0;
        var match = PointerPathPattern().Match(path);
        if (!match.Success || !ScalarNumber.TryParse(match.Groups["offset"].Value, out var value, out _) || value > Parsing.BufferLimits.MaxSize)
        {
            return false;
        }

        buffer = match.Groups["buffer"].Value;
        offset = (uint)value;
        return true;
    }

    /// <summary>Paths a relative length (declared_length, information) may refer to.</summary>
    public static readonly IReadOnlyList<string> LengthReferences =
        ["input.size", "output.size", "input.declared_length", "output.declared_length"];

    public static readonly NameTable<Targets.BufferMemoryState> BufferStates = new("buffer state",
        ("read_write", Targets.BufferMemoryState.ReadWrite),
        ("read_only", Targets.BufferMemoryState.ReadOnly),
        ("no_access", Targets.BufferMemoryState.NoAccess),
        ("decommitted", Targets.BufferMemoryState.Decommitted),
        ("guard_tail", Targets.BufferMemoryState.GuardTail),
        ("null", Targets.BufferMemoryState.Null),
        ("kernel", Targets.BufferMemoryState.Kernel));

    public static readonly NameTable<Targets.PointerTarget> PointerTargets = new("pointer target",
        [.. Targets.PointerTargetNames.All]);

    public static readonly NameTable<HandleAccess> HandleAccesses = new("handle access",
        ("none", HandleAccess.None),
        ("read", HandleAccess.Read),
        ("write", HandleAccess.Write),
        ("read_write", HandleAccess.ReadWrite));

    public static readonly NameTable<Targets.RacerKind> RacerKinds = new("racer kind",
        ("none", Targets.RacerKind.None),
        ("flip_bytes", Targets.RacerKind.FlipBytes),
        ("protection", Targets.RacerKind.Protection));

    public static readonly NameTable<Targets.RacerTarget> RacerTargets = new("racer target",
        ("input", Targets.RacerTarget.Input),
        ("output", Targets.RacerTarget.Output));

    public static readonly NameTable<StatusSeverity> StatusClasses = new("status class",
        ("success", StatusSeverity.Success),
        ("information", StatusSeverity.Information),
        ("warning", StatusSeverity.Warning),
        ("error", StatusSeverity.Error));

    /// <summary>The description of a buffer mapping ("input buffer").</summary>
    public static KeySet BufferNamed(string which) => Buffer with { Description = string.Format(System.Globalization.CultureInfo.InvariantCulture, Buffer.Description, which) };

    [System.Text.RegularExpressions.GeneratedRegex(@"^(?<buffer>input|output)\.pointer@(?<offset>0[xX][0-9A-Fa-f]+|[0-9]+)$")]
    private static partial System.Text.RegularExpressions.Regex PointerPathPattern();
}
