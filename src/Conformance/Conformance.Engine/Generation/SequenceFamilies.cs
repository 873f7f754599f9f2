using System.Globalization;
using Conformance.Scenarios;

namespace Conformance.Engine.Generation;

/// <summary>
/// The call sequences of one profile <c>sequences:</c> entry (docs/discover-generate.md): create → use → release,
/// use after release, double release, a stale handle after the object was made again, and never-created handle values.
/// Each file is one <c>steps:</c> scenario; the judged call is the last of the sequence. What they assert needs no
/// knowledge of the driver (every oracle on, a use or release of a dead handle must not crash or touch freed pool);
/// statuses only where the profile gives them (<c>success</c>, <c>invalid_handle</c>).
/// </summary>
internal static class SequenceFamilies
{
    // A class word list that accepts every status: a step whose outcome the profile does not give.
    private const string AnyStatus = "{ any_of: [success, information, warning, error] }";

    /// <summary>Handle values no driver hands out: NULL and the boundary values (a driver whose first handle is 0 gives no invalid_handle).</summary>
    private static readonly (string Name, byte Fill, byte Top)[] NeverCreated =
        [("zero", 0x00, 0x00), ("all-ff", 0xFF, 0xFF), ("high-bit", 0x00, 0x80), ("max-positive", 0xFF, 0x7F)];

    /// <summary>The files of <paramref name="sequence"/>: (file name, text).</summary>
    public static IEnumerable<(string File, string Text)> For(DeviceProfile device, ObjectSequence sequence, string schemaPath)
    {
        var writer = new SequenceText(device, sequence, schemaPath);
        var releases = sequence.Release;
        foreach (var release in releases)
        {
            if (sequence.Use.Count == 0)
            {
                yield return ($"create-release--{Short(release)}.yaml", writer.CreateUseRelease(null, release));
            }

            foreach (var use in sequence.Use)
            {
                yield return ($"create-use-release--{Short(use)}--{Short(release)}.yaml", writer.CreateUseRelease(use, release));
            }
        }

        foreach (var release in releases)
        {
            foreach (var use in sequence.Use)
            {
                yield return ($"use-after-release--{Short(release)}--{Short(use)}.yaml", writer.AfterRelease(release, use, "use"));
            }

            foreach (var second in releases)
            {
                yield return ($"double-release--{Short(release)}--{Short(second)}.yaml", writer.AfterRelease(release, second, "release"));
            }
        }

        foreach (var release in releases)
        {
            foreach (var target in sequence.Use.Concat(releases))
            {
                yield return ($"stale-handle--{Short(release)}--{Short(target)}.yaml", writer.StaleHandle(release, target));
            }
        }

        foreach (var target in sequence.Use.Concat(releases))
        {
            yield return ($"never-created--{Short(target)}.yaml", writer.NeverCreatedHandle(target));
        }
    }

    /// <summary>IOCTL_OT_CLOSE -> ot-close: file names that stay short.</summary>
    private static string Short(IoctlDefinition ioctl)
    {
        string name = CatalogGenerator.FolderName(ioctl.Name);
        return name.StartsWith("ioctl-", StringComparison.Ordinal) ? name["ioctl-".Length..] : name;
    }

    /// <summary>Writes one sequence's scenarios: the steps, the judged call and its expectation.</summary>
    private sealed class SequenceText(DeviceProfile device, ObjectSequence sequence, string schemaPath)
    {
        private HandleLocation Handle => sequence.Handle;

        public string CreateUseRelease(IoctlDefinition? use, IoctlDefinition release)
        {
            var w = Start(release,
                $"create -> {(use is null ? "" : "use -> ")}release with the handle create returned: the object's ordinary life.\n"
                + (sequence.SuccessStatus is { } s ? $"Every call returns {NtStatus.Format(s)} (the profile's success)." : "The profile gives no success status: only safety is judged."),
                $"{sequence.Create.Name}, {(use is null ? "" : use.Name + ", ")}then {release.Name}");
            w.Line("steps:");
            Create(w, "create");
            if (use is not null)
            {
                Step(w, "use", use, sequence.SuccessStatus is { } status ? NtStatus.Format(status) : AnyStatus);
            }

            Judged(w, release, sequence.SuccessStatus);
            return w.ToString();
        }

        /// <summary>create -> release -> <paramref name="then"/> with the released handle (a use after free, or a double free).</summary>
        public string AfterRelease(IoctlDefinition release, IoctlDefinition then, string kind)
        {
            var w = Start(then,
                $"create -> release -> {kind} with the released handle: the handle names no object any more. The driver must not\n"
                + (kind == "use" ? "read or write the freed object (a use after free)" : "free the object again (a double free)")
                + ", must not crash, and the device lives on.\n" + InvalidHandleSentence(),
                $"{kind} after {release.Name}");
            w.Line("steps:");
            Create(w, "create");
            Step(w, "release", release, SuccessStatus);
            Judged(w, then, sequence.InvalidHandleStatus);
            return w.ToString();
        }

        /// <summary>create -> release -> create again -> <paramref name="target"/> with the first handle.</summary>
        public string StaleHandle(IoctlDefinition release, IoctlDefinition target)
        {
            var w = Start(target,
                "create -> release -> create again -> the FIRST handle: a stale handle value after the driver may have reused the\n"
                + "slot or memory of the first object. It must not reach freed memory or crash. No status is asserted: a driver\n"
                + "may hand out the same handle value again, and then the call is a legal call on the new object.",
                $"a stale handle after {release.Name} and a new create");
            w.Line("steps:");
            Create(w, "create");
            Step(w, "release", release, SuccessStatus);
            Create(w, "recreate");
            Judged(w, target, null);
            return w.ToString();
        }

        /// <summary>No create: <paramref name="target"/> with handle values no driver hands out.</summary>
        public string NeverCreatedHandle(IoctlDefinition target)
        {
            var plan = new IoctlPlan(device, target);
            uint input = InputFor(plan);
            var w = Start(target,
                $"A handle value nobody created ({string.Join(", ", NeverCreated.Select(v => v.Name))}) at handle_at offset {sequence.HandleAt}, the rest of\n"
                + "the input the ULONG 1 repeated. " + InvalidHandleSentence(),
                "a handle value never created");
            w.Line($"input:  {{ size: {input} }}");
            if (plan.OutputFor(input) is > 0 and var output)
            {
                w.Line($"output: {{ size: {output} }}");
            }

            w.Line("vary:").Line("  input.content:");
            foreach (var (name, fill, top) in NeverCreated)
            {
                var bytes = new byte[input];
                for (int i = 0; i + 3 < bytes.Length; i += 4)
                {
                    bytes[i] = 1;
                }

                Array.Fill(bytes, fill, (int)sequence.HandleAt, (int)Handle.Size);
                bytes[sequence.HandleAt + Handle.Size - 1] = top;
                string pointers = plan.PointerFields.Count > 0 ? ", " + plan.PointersText : string.Empty;
                w.Line($"    - {{ name: {name}, bytes: \"{string.Join(" ", bytes.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)))}\"{pointers} }}");
            }

            if (sequence.InvalidHandleStatus is { } invalid)
            {
                w.Expect = plan.ExpectParts(invalid, byDriver: true);
            }

            return w.ToString();
        }

        private string SuccessStatus => sequence.SuccessStatus is { } s ? NtStatus.Format(s) : string.Empty;

        private string InvalidHandleSentence() => sequence.InvalidHandleStatus is { } invalid
            ? $"It returns {NtStatus.Format(invalid)} (the profile's invalid_handle)."
            : "The profile gives no invalid_handle status: only safety is judged.";

        private ScenarioWriter Start(IoctlDefinition judged, string comment, string description) =>
            new(schemaPath, $"Generated by `conformance generate` from device profile '{device.Name}', sequence '{sequence.Name}'; edit or regenerate.\n"
                + (sequence.Description is { } about ? $"The sequence: {about}\n" : string.Empty) + comment,
                $"{sequence.Name}: {description}", device, judged)
            {
                OutputIsPointerTarget = new IoctlPlan(device, judged).PointerFields.Count > 0,
            };

        // The create step: its base buffers, grown to hold the handle where the profile says create writes it.
        private void Create(ScenarioWriter w, string name)
        {
            var plan = new IoctlPlan(device, sequence.Create);
            uint handleEnd = Handle.Offset + Handle.Size;
            uint input = Handle.InOutput ? plan.BaseInput : Math.Max(plan.BaseInput, handleEnd);
            uint output = Handle.InOutput ? Math.Max(plan.OutputFor(input), handleEnd) : plan.OutputFor(input);
            w.Line($"  - name: {name}")
                .Line($"    ioctl: {sequence.Create.Name}");
            if (input > 0)
            {
                w.Line($"    input: {{ size: {input}, {plan.Content()} }}");
            }

            if (output > 0)
            {
                w.Line($"    output: {{ size: {output} }}");
            }

            if (SuccessStatus.Length > 0)
            {
                w.Line($"    expect: {{ status: {SuccessStatus} }}");
            }
        }

        // A use or release step with the first create's handle in its input.
        private void Step(ScenarioWriter w, string name, IoctlDefinition ioctl, string status)
        {
            var plan = new IoctlPlan(device, ioctl);
            uint input = InputFor(plan);
            w.Line($"  - name: {name}")
                .Line($"    ioctl: {ioctl.Name}")
                .Line($"    input: {{ size: {input}, {WithHandle(plan)} }}");
            if (plan.OutputFor(input) is > 0 and var output)
            {
                w.Line($"    output: {{ size: {output} }}");
            }

            if (status.Length > 0)
            {
                w.Line($"    expect: {{ status: {status} }}");
            }
        }

        // The judged call, last of the sequence, with the first create's handle.
        private void Judged(ScenarioWriter w, IoctlDefinition ioctl, int? status)
        {
            var plan = new IoctlPlan(device, ioctl);
            uint input = InputFor(plan);
            w.Line($"input:  {{ size: {input}, {WithHandle(plan)} }}");
            if (plan.OutputFor(input) is > 0 and var output)
            {
                w.Line($"output: {{ size: {output} }}");
            }

            if (status is { } expected)
            {
                w.Expect = plan.ExpectParts(expected, byDriver: true);
            }
        }

        // The base input, long enough to hold the handle at handle_at (the parser checked it fits the maximum).
        private uint InputFor(IoctlPlan plan) => Math.Max(plan.BaseInput, sequence.HandleAt + Handle.Size);

        // The plan's content (the ULONG 1s, pointer fields aimed) with the handle copied in from the first create.
        private string WithHandle(IoctlPlan plan)
        {
            string content = plan.Content();
            string from = Handle.Offset == 0 ? $"create.{Handle.Buffer}" : $"create.{Handle.Buffer} + {Handle.Offset}";
            return $"{content[..^2]}, copies: [{{ offset: {sequence.HandleAt}, from: {from}, size: {Handle.Size} }}] }}";
        }
    }
}
