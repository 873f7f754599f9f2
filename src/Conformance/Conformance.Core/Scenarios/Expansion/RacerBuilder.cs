using Conformance.Scenarios.Syntax;
using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// Builds one case's <see cref="RacerSpec"/>. A racer needs user memory to work on, so it is rejected on a NULL
/// or kernel buffer and must stay inside the buffer it mutates.
/// </summary>
internal static class RacerBuilder
{
    public static RacerSpec? Build(ScenarioDraft draft, CaseFields fields, BufferSpec input, BufferSpec output, CaseReporter reporter)
    {
        var section = draft.Sections.GetValueOrDefault("racer");
        if (section is null && !fields.AnyIn("racer"))
        {
            return RacerSpec.None;
        }

        if (fields["racer.kind"] is not { } kindField)
        {
            var where = section ?? draft.Axes.First(a => a.Path.StartsWith("racer.", StringComparison.Ordinal)).Key;
            reporter.Error(where, "racer has no 'kind'", "Set kind: flip_bytes or kind: protection.");
            return null;
        }

        var kind = (RacerKind)kindField.Value;
        if (kind == RacerKind.None)
        {
            return RacerSpec.None;
        }

        var target = fields.Get("racer.target", RacerTarget.Input);
        var targetName = target == RacerTarget.Input ? "input" : "output";
        var buffer = target == RacerTarget.Input ? input : output;
        var blame = (fields["racer.target"] ?? kindField).Node;
        if (buffer.State is BufferMemoryState.Null or BufferMemoryState.Kernel)
        {
            var what = !BufferBuilder.IsPresent(targetName, draft.Sections, fields) ? "the scenario has no such buffer" : $"it is a {(buffer.State == BufferMemoryState.Null ? "null" : "kernel")} pointer";
            reporter.Error(blame, $"a racer cannot work on the {targetName} buffer: {what}",
                "Race a buffer with user memory, or exclude this combination.");
            return null;
        }

        // The racer thread touches the memory itself: flipping bytes needs pages it can write, and toggling
        // protection needs committed pages (re-protecting a decommitted range would bring it back).
        var usable = kind == RacerKind.FlipBytes
            ? buffer.State is BufferMemoryState.ReadWrite or BufferMemoryState.GuardTail
            : buffer.State != BufferMemoryState.Decommitted;
        if (!usable)
        {
            reporter.Error(blame, $"a {ScenarioSyntax.RacerKinds.NameOf(kind)} racer cannot work on the {ScenarioSyntax.BufferStates.NameOf(buffer.State)} {targetName} buffer",
                kind == RacerKind.FlipBytes
                    ? "flip_bytes needs a read_write or guard_tail buffer; exclude this combination."
                    : "Exclude this combination; a racer needs committed memory.");
            return null;
        }

        var offset = fields.Get("racer.offset", 0u);
        if (offset > buffer.Size)
        {
            reporter.Error(fields["racer.offset"]!.Node, $"racer offset {offset} is past the end of the {targetName} buffer ({buffer.Size} bytes)", null);
            return null;
        }

        var length = fields.Get("racer.length", buffer.Size - offset);
        if ((ulong)offset + length > buffer.Size)
        {
            reporter.Error(fields["racer.length"]!.Node, $"racer range {offset}+{length} runs past the end of the {targetName} buffer ({buffer.Size} bytes)", null);
            return null;
        }

        if (kind == RacerKind.FlipBytes && length == 0)
        {
            reporter.Error((fields["racer.length"] ?? kindField).Node, $"the flip_bytes racer has no bytes to flip in the {targetName} buffer",
                "Give the buffer a size, or a racer length above 0.");
            return null;
        }

        return new RacerSpec(kind, target, offset, length, fields.Get("racer.period_ns", 0u));
    }
}
