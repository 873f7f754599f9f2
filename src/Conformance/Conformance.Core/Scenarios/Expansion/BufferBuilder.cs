using Conformance.Scenarios.Parsing;
using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>
/// Builds one case's <see cref="BufferSpec"/> for the input or output buffer and rejects combinations no
/// target could set up (a NULL buffer with bytes, content longer than the buffer, a pointer past its end, a
/// declared length that resolves below zero or past a ULONG).
/// </summary>
internal static class BufferBuilder
{
    /// <summary>The buffer's real size, needed before any declared_length can be resolved.</summary>
    public static uint SizeOf(string buffer, CaseFields fields) => fields.Get($"{buffer}.size", 0u);

    public static bool IsPresent(string buffer, IReadOnlyDictionary<string, Yaml.SourceNode> sections, CaseFields fields) =>
        sections.ContainsKey(buffer) || fields.AnyIn(buffer);

    /// <summary>
    /// Build the buffer of a call written with <paramref name="sections"/> and <paramref name="fields"/> (the scenario's own
    /// call, or a step); <paramref name="earlier"/> are the steps fired before that call, which its copies may take bytes from.
    /// </summary>
    public static BufferSpec? Build(string buffer, IReadOnlyDictionary<string, Yaml.SourceNode> sections, CaseFields fields, Func<string, ulong> sizeOf,
        CaseReporter reporter, IReadOnlyList<StepBuffers> earlier)
    {
        if (!IsPresent(buffer, sections, fields))
        {
            // No buffer written: a NULL pointer with length 0, as a caller passing nothing would.
            return BufferSpec.None;
        }

        var ok = true;
        var state = fields.Get($"{buffer}.state", BufferMemoryState.ReadWrite);
        var size = SizeOf(buffer, fields);
        if (state == BufferMemoryState.Null && size != 0)
        {
            reporter.Error(fields[$"{buffer}.state"]!.Node, $"a null {buffer} buffer cannot have size {size}",
                "A NULL buffer has no bytes: give it size 0 and pass a length with declared_length, or exclude this combination.");
            ok = false;
        }

        var pointers = BufferPointers.Build(buffer, sections, fields, size, reporter);
        ok &= pointers is not null;
        var copies = BufferCopies.Build(buffer, fields, size, pointers ?? [], earlier, reporter);
        ok &= copies is not null;
        var content = ReadOnlyMemory<byte>.Empty;
        if (fields[$"{buffer}.content"] is { Value: ContentSource source } contentField)
        {
            var bytes = source.Materialize(size);
            if (bytes.Length > size)
            {
                reporter.Error(contentField.Node, $"{buffer}.content is {bytes.Length} bytes, longer than {buffer}.size {size}",
                    "Make the buffer larger, the content shorter, or use 'pattern' to fill any size.");
                ok = false;
            }

            content = bytes;
        }

        var declaredField = fields[$"{buffer}.declared_length"];
        var declaredExpression = declaredField?.Value as LengthExpression ?? new LengthExpression("size", 0);
        var declared = declaredExpression.Evaluate(r => r == "size" ? size : sizeOf(r));
        if (declared is < 0 or > (long)BufferLimits.MaxDeclaredLength)
        {
            reporter.Error(declaredField!.Node, $"{buffer}.declared_length {declaredExpression} is {declared}, outside 0..{BufferLimits.MaxDeclaredLength}",
                "Change the +N/-N, or exclude the sizes it does not fit.");
            ok = false;
        }

        if (!ok)
        {
            return null;
        }

        // NULL and kernel pointers have no user bytes to place content, pointers or copies in.
        if (state is BufferMemoryState.Null or BufferMemoryState.Kernel)
        {
            content = ReadOnlyMemory<byte>.Empty;
            pointers = [];
            copies = [];
        }

        return new BufferSpec(state, size, fields.Get($"{buffer}.offset", 0u), (uint)declared, content, fields.Get($"{buffer}.fill", (byte)0))
        {
            Pointers = pointers!,
            Copies = copies!,
        };
    }
}
