using System.Text.RegularExpressions;
using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>Reads one device profile (scenarios/devices/NAME.yaml) into a <see cref="DeviceProfile"/>.</summary>
internal static partial class DeviceProfileParser
{
    public static DeviceProfile? Parse(SourceNode root, string fileStem, Diagnostics diagnostics)
    {
        var reader = new ValueReader(diagnostics);
        if (MappingReader.Open(root, DeviceProfileSyntax.Document, diagnostics) is not { } map)
        {
            return null;
        }

        var name = RequiredText(map, "name", reader);
        if (name is not null && name != fileStem)
        {
            diagnostics.Error(map.Get("name")!, $"profile name '{name}' differs from its file name '{fileStem}.yaml'",
                $"Name the file '{name}.yaml' or the profile '{fileStem}', so 'device: {fileStem}' finds it.");
        }

        var description = map.Get("description") is { } d && reader.TryText(d, "description", out var text) ? text : null;
        uint? deviceType = null;
        if (map.Get("device_type") is { } typeNode && reader.TryUInt32(typeNode, "device_type", 0, ControlCode.MaxDeviceType, out var type))
        {
            deviceType = type;
        }

        var eventProvider = map.Get("event_provider") is { } p && reader.TryText(p, "event_provider", out var provider) ? provider : null;
        var (validationFailed, exceptionHandled, requestCompleted) = ReadProofs(map, reader);
        var (simulator, windows) = ReadOpen(map, reader);
        var declared = new HashSet<string>(StringComparer.Ordinal);
        var ioctls = ReadIoctls(map, deviceType, reader, declared);
        var liveness = ioctls is null ? null : ReadLiveness(map, ioctls, declared, reader);
        var sequences = ioctls is null ? [] : SequenceReader.Read(map, ioctls, declared, reader);

        return name is null || ioctls is null || diagnostics.Count > 0
            ? null
            : new DeviceProfile(name, description, deviceType, simulator, windows, ioctls, diagnostics.File)
            {
                EventProvider = eventProvider,
                ValidationFailedProof = validationFailed,
                ExceptionHandledProof = exceptionHandled,
                RequestCompletedProof = requestCompleted,
                Liveness = liveness,
                Sequences = sequences,
            };
    }

    // liveness: { ioctl: NAME, input: N, output: N, status: STATUS_... } (sizes default to 0, status to STATUS_SUCCESS)
    // declared: every IOCTL name the profile writes, broken entries included: naming a broken one is not a second error.
    private static LivenessCall? ReadLiveness(MappingReader map, List<IoctlDefinition> ioctls, HashSet<string> declared, ValueReader reader)
    {
        if (map.Get("liveness") is not { } node || MappingReader.Open(node, DeviceProfileSyntax.Liveness, reader.Diagnostics) is not { } liveness)
        {
            return null;
        }

        var name = RequiredText(liveness, "ioctl", reader);
        var ioctl = name is null ? null : ioctls.FirstOrDefault(i => i.Name == name);
        if (name is not null && ioctl is null && !declared.Contains(name))
        {
            reader.Diagnostics.Error(liveness.Get("ioctl")!, $"liveness IOCTL '{name}' is not in this profile's 'ioctls'",
                DidYouMean.Closest(name, ioctls.Select(i => i.Name)) is { } close ? $"Did you mean '{close}'?" : "Name one of the IOCTLs listed under 'ioctls'.");
        }

        // A probe, not a test: small buffers (SimHost keeps a fixed 64 KiB scratch for each).
        const uint MaxProbeBytes = 64 * 1024;
        uint input = 0, output = 0;
        bool ok = (liveness.Get("input") is not { } inputNode || reader.TryUInt32(inputNode, "liveness.input", 0, MaxProbeBytes, out input))
            & (liveness.Get("output") is not { } outputNode || reader.TryUInt32(outputNode, "liveness.output", 0, MaxProbeBytes, out output));
        int status = 0;
        if (liveness.Get("status") is { } statusNode)
        {
            int? value = ReadOneStatus(statusNode, "liveness status", reader);
            ok &= value is not null;
            status = value ?? 0;
        }

        return ioctl is null || !ok ? null : new LivenessCall(ioctl, input, output, status);
    }

    // proofs: { validation_failed: { event, field }, exception_handled: { event, field }, request_completed: { event, field } }
    private static (EventProof?, EventProof?, EventProof?) ReadProofs(MappingReader map, ValueReader reader)
    {
        if (map.Get("proofs") is not { } node || MappingReader.Open(node, DeviceProfileSyntax.Proofs, reader.Diagnostics) is not { } proofs)
        {
            return (null, null, null);
        }

        return (ReadProof(proofs, "validation_failed", reader), ReadProof(proofs, "exception_handled", reader),
            ReadProof(proofs, "request_completed", reader));
    }

    private static EventProof? ReadProof(MappingReader proofs, string key, ValueReader reader)
    {
        if (proofs.Get(key) is not { } node || MappingReader.Open(node, DeviceProfileSyntax.Proof, reader.Diagnostics) is not { } proof)
        {
            return null;
        }

        var eventName = RequiredText(proof, "event", reader);
        var field = RequiredText(proof, "field", reader);
        return eventName is null || field is null ? null : new EventProof(eventName, field);
    }

    private static (SimulatorOpen?, WindowsOpen?) ReadOpen(MappingReader map, ValueReader reader)
    {
        if (map.Get("open") is not { } openNode)
        {
            if (map.Misspells("open"))
            {
                return (null, null);
            }

            reader.Diagnostics.Error(map.Node, "device profile has no 'open' section", "Say how each target opens the device: open: { simulator: {...}, windows: {...} }.");
            return (null, null);
        }

        if (MappingReader.Open(openNode, DeviceProfileSyntax.Open, reader.Diagnostics) is not { } open)
        {
            return (null, null);
        }

        SimulatorOpen? simulator = null;
        WindowsOpen? windows = null;
        if (open.Get("simulator") is { } simNode && MappingReader.Open(simNode, DeviceProfileSyntax.SimulatorOpen, reader.Diagnostics) is { } sim)
        {
            var driver = RequiredText(sim, "driver", reader);
            var device = RequiredText(sim, "device", reader);
            simulator = driver is null || device is null ? null : new SimulatorOpen(driver, device);
        }

        if (open.Get("windows") is { } winNode && MappingReader.Open(winNode, DeviceProfileSyntax.WindowsOpen, reader.Diagnostics) is { } win)
        {
            windows = RequiredText(win, "path", reader) is { } path
                ? new WindowsOpen(path, OptionalText(win, "service", reader), OptionalText(win, "driver", reader), OptionalText(win, "inf", reader))
                : null;
        }

        if (!open.Has("simulator") && !open.Has("windows"))
        {
            reader.Diagnostics.Error(openNode, "'open' names no target", "Add 'simulator' and/or 'windows'.");
        }

        return (simulator, windows);
    }

    private static List<IoctlDefinition>? ReadIoctls(MappingReader map, uint? deviceType, ValueReader reader, HashSet<string> declared)
    {
        if (map.Get("ioctls") is not { } listNode)
        {
            if (map.Misspells("ioctls"))
            {
                return null;
            }

            reader.Diagnostics.Error(map.Node, "device profile has no 'ioctls' table");
            return null;
        }

        if (!reader.TryList(listNode, "ioctls", false, out var items))
        {
            return null;
        }

        if (items.Count == 0)
        {
            reader.Diagnostics.Error(listNode, "'ioctls' is empty", "List at least one IOCTL.");
        }

        var ioctls = new List<IoctlDefinition>();
        foreach (var item in items)
        {
            if (ReadIoctl(item, deviceType, reader, declared) is not { } ioctl)
            {
                continue;
            }

            if (ioctls.FirstOrDefault(i => i.Name == ioctl.Name) is { } sameName)
            {
                reader.Diagnostics.Error(item, $"IOCTL '{ioctl.Name}' is defined twice");
            }
            else if (ioctls.FirstOrDefault(i => i.Code == ioctl.Code) is { } sameCode)
            {
                reader.Diagnostics.Error(item, $"IOCTL '{ioctl.Name}' has the same code {ioctl.Code} as '{sameCode.Name}'");
            }
            else
            {
                ioctls.Add(ioctl);
            }
        }

        return ioctls;
    }

    private static IoctlDefinition? ReadIoctl(SourceNode node, uint? deviceType, ValueReader reader, HashSet<string> declared)
    {
        if (MappingReader.Open(node, DeviceProfileSyntax.Ioctl, reader.Diagnostics) is not { } map)
        {
            return null;
        }

        var name = RequiredText(map, "name", reader);
        if (name is not null && !IdentifierPattern().IsMatch(name))
        {
            reader.Diagnostics.Error(map.Get("name")!, $"IOCTL name '{name}' is not an identifier", "Use letters, digits and '_', like IOCTL_SAMPLE_PING.");
            name = null;
        }

        if (name is not null)
        {
            declared.Add(name);
        }

        var description = map.Get("description") is { } d && reader.TryText(d, "description", out var text) ? text : null;
        var code = ControlCodeReader.Read(map, deviceType, reader, name is null ? "IOCTL entry" : $"IOCTL '{name}'");
        var sizesOk = TryReadSize(map, "input", reader, out var input) & TryReadSize(map, "output", reader, out var output);
        var checkOk = TryReadHandleCheck(map, reader, out var handleCheck);
        return name is null || code is null || !sizesOk || !checkOk
            ? null
            : new IoctlDefinition(name, code.Value, input, output, description) { HandleCheck = handleCheck };
    }

    // handle_check: { access: write, status: STATUS_ACCESS_DENIED }
    private static bool TryReadHandleCheck(MappingReader ioctl, ValueReader reader, out HandleCheck? check)
    {
        check = null;
        if (ioctl.Get("handle_check") is not { } node)
        {
            return true;
        }

        if (MappingReader.Open(node, DeviceProfileSyntax.HandleCheck, reader.Diagnostics) is not { } map)
        {
            return false;
        }

        HandleAccess access = HandleAccess.ReadWrite;
        bool ok = map.Get("access") is { } accessNode
            ? reader.TryName(accessNode, "handle_check.access", ScenarioSyntax.HandleAccesses, out access)
            : Missing(map, "access", reader);
        int? status = map.Get("status") is { } statusNode ? ReadOneStatus(statusNode, "handle_check.status", reader) : null;
        if (status is null)
        {
            ok = map.Has("status") ? false : Missing(map, "status", reader);
        }

        check = ok ? new HandleCheck(access, status!.Value) : null;
        return ok;
    }

    private static bool Missing(MappingReader map, string key, ValueReader reader)
    {
        if (!map.Misspells(key))
        {
            reader.Diagnostics.Error(map.Node, $"missing '{key}' in {map.Keys.Description}");
        }

        return false;
    }

    /// <summary>One exact status (a name or a value), or null after an error.</summary>
    internal static int? ReadOneStatus(SourceNode node, string what, ValueReader reader)
    {
        switch (StatusReader.Read(node, reader))
        {
            case ExactStatus exact:
                return exact.Value;
            case null:
                return null;
            default:
                reader.Diagnostics.Error(node, $"{what} must be one status", "Write one STATUS_* name or a hex value, e.g. STATUS_INVALID_PARAMETER.");
                return null;
        }
    }

    /// <summary>Reads a documented size; <paramref name="size"/> stays null when the profile does not document it.</summary>
    private static bool TryReadSize(MappingReader ioctl, string key, ValueReader reader, out DocumentedSize? size)
    {
        size = null;
        if (ioctl.Get(key) is not { } node)
        {
            return true;
        }

        if (MappingReader.Open(node, DeviceProfileSyntax.DocumentedSize, reader.Diagnostics) is not { } map)
        {
            return false;
        }

        uint min = 0;
        uint? max = null;
        var atLeastInput = false;
        var ok = true;
        if (map.Get("min") is { } minNode)
        {
            if (minNode is SourceScalar { IsPlain: true, Value: DeviceProfileSyntax.InputLengthWord })
            {
                atLeastInput = key == "output";
                if (!atLeastInput)
                {
                    reader.Diagnostics.Error(minNode, "'input.min' cannot be 'input'", "Only the output's minimum may refer to the input length (out >= in).");
                    ok = false;
                }
            }
            else
            {
                ok &= reader.TryUInt32(minNode, $"{key}.min", 0, uint.MaxValue, out min);
            }
        }

        if (map.Get("max") is { } maxNode)
        {
            ok &= reader.TryUInt32(maxNode, $"{key}.max", 0, uint.MaxValue, out var value);
            max = value;
            if (ok && value < min)
            {
                reader.Diagnostics.Error(maxNode, $"{key}.max {value} is smaller than {key}.min {min}");
                ok = false;
            }
        }

        if (!map.Has("min") && !map.Has("max"))
        {
            reader.Diagnostics.Error(node, $"documented {key} size gives neither 'min' nor 'max'");
            ok = false;
        }

        int? tooShort = null, tooLong = null, badPointer = null;
        foreach (var (word, set) in new (string, Action<int?>)[] { ("too_short", v => tooShort = v), ("too_long", v => tooLong = v), ("bad_pointer", v => badPointer = v) })
        {
            if (map.Get(word) is { } statusNode)
            {
                var status = ReadOneStatus(statusNode, $"{key}.{word}", reader);
                ok &= status is not null;
                set(status);
            }
        }

        var pointers = new List<uint>();
        if (map.Get("pointers") is { } pointersNode)
        {
            if (key != "input")
            {
                reader.Diagnostics.Error(pointersNode, "'output.pointers' is not allowed", "Pointer fields are read from the input: list them under 'input.pointers'.");
                ok = false;
            }
            else if (reader.TryList(pointersNode, "input.pointers", false, out var offsets))
            {
                foreach (var offsetNode in offsets)
                {
                    ok &= reader.TryUInt32(offsetNode, "input.pointers", 0, BufferLimits.MaxSize, out var offset);
                    pointers.Add(offset);
                }
            }
            else
            {
                ok = false;
            }
        }

        size = ok ? new DocumentedSize(min, max, atLeastInput) { TooShortStatus = tooShort, TooLongStatus = tooLong, BadPointerStatus = badPointer, Pointers = pointers } : null;
        return ok;
    }

    private static string? OptionalText(MappingReader map, string key, ValueReader reader) =>
        map.Has(key) ? RequiredText(map, key, reader) : null;

    internal static string? RequiredText(MappingReader map, string key, ValueReader reader)
    {
        if (map.Get(key) is not { } node)
        {
            if (!map.Misspells(key))
            {
                reader.Diagnostics.Error(map.Node, $"missing '{key}' in {map.Keys.Description}");
            }

            return null;
        }

        if (!reader.TryText(node, key, out var text))
        {
            return null;
        }

        if (text.Trim().Length == 0)
        {
            reader.Diagnostics.Error(node, $"'{key}' is blank");
            return null;
        }

        return text;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
