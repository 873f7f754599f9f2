using System.Text;
using Conformance.Scenarios;

namespace Conformance.Engine.Discovery;

/// <summary>
/// Writes a <see cref="DiscoveredDevice"/> as a device profile a person can read and edit: the layout of
/// scenarios/devices/*.yaml, with a comment on each fact saying how it was found.
/// </summary>
public static class DiscoveredProfileWriter
{
    /// <summary>The profile's text; <paramref name="schemaPath"/> (relative to the file) goes into the editor's schema line when given.</summary>
    public static string Write(DiscoveredDevice device, string? schemaPath)
    {
        ArgumentNullException.ThrowIfNull(device);
        var yaml = new StringBuilder();
        if (schemaPath is not null)
        {
            yaml.Append("# yaml-language-server: $schema=").Append(schemaPath.Replace('\\', '/')).Append('\n');
        }

        yaml.Append("#\n")
            .Append(Line($"# Written by `conformance discover`: {device.Calls} probe calls in {device.Elapsed.TotalSeconds:0.0} s ({device.Crashes} crashed or hung the target)."))
            .Append(Line($"# Function codes {device.FunctionRange} x the four methods x the four access bits of device type 0x{device.DeviceType:X4}, 16-byte"))
            .Append("# read-write buffers holding the ULONG 1 repeated, a read-write handle. Handled/unhandled signal:\n")
            .Append(Line($"# {device.Signal}."))
            .Append("# Edit freely: names, descriptions, and facts discover cannot see (input.pointers, a max it could not reach).\n")
            .Append(Line($"name: {device.Name}"))
            .Append(Line($"description: Discovered by conformance discover ({device.Ioctls.Count} IOCTLs)."))
            .Append(Line($"device_type: 0x{device.DeviceType:X4}"));
        if (device.EventProvider is { } provider)
        {
            yaml.Append(Line($"event_provider: {Scalar(provider)}   # the provider of the events the probe calls logged"));
        }

        WriteProofs(yaml, device);
        if (device.Liveness is { } liveness)
        {
            yaml.Append("liveness:                              # the first buffered IOCTL that succeeded with no input\n")
                .Append(Line($"  ioctl: {liveness.Ioctl}"));
            if (liveness.Output > 0)
            {
                yaml.Append(Line($"  output: {liveness.Output}"));
            }

            yaml.Append("  status: STATUS_SUCCESS\n");
        }

        yaml.Append("\nopen:\n");
        if (device.Simulator is { } simulator)
        {
            yaml.Append("  simulator:\n").Append(Line($"    driver: {Scalar(simulator.DriverLibrary)}")).Append(Line($"    device: {Scalar(simulator.DeviceName)}"));
        }

        if (device.Windows is { } windows)
        {
            yaml.Append("  windows:\n").Append(Line($"    path: {Scalar(windows.DevicePath)}"));
            foreach (var (key, value) in new[] { ("service", windows.Service), ("driver", windows.Driver), ("inf", windows.Inf) })
            {
                if (value is not null)
                {
                    yaml.Append(Line($"    {key}: {Scalar(value)}"));
                }
            }
        }

        yaml.Append("\nioctls:\n");
        foreach (var ioctl in device.Ioctls)
        {
            WriteIoctl(yaml, ioctl);
        }

        return yaml.ToString();
    }

    private static void WriteProofs(StringBuilder yaml, DiscoveredDevice device)
    {
        var proofs = new (string Key, EventProof? Proof, string How)[]
        {
            ("validation_failed", device.ValidationFailed, "logged only by failed calls, with the status returned"),
            ("exception_handled", device.ExceptionHandled, "logged by the no-access buffer probes, with the exception code"),
            ("request_completed", device.RequestCompleted, "logged by every call, with the status returned"),
        };
        if (proofs.All(p => p.Proof is null))
        {
            return;
        }

        yaml.Append("proofs:\n");
        foreach (var (key, proof, how) in proofs)
        {
            if (proof is not null)
            {
                yaml.Append(Line($"  {key}: {{ event: {proof.Event}, field: {proof.Field} }}   # {how}"));
            }
        }
    }

    private static void WriteIoctl(StringBuilder yaml, DiscoveredIoctl ioctl)
    {
        yaml.Append('\n')
            .Append(Line($"  - name: {ioctl.Name}"))
            .Append(Line($"    description: {Scalar($"Code {ioctl.Code} ({ioctl.Code.ToMacroString()}).")}"))
            .Append(Line($"    function: 0x{ioctl.Code.Function:X3}   # {ioctl.HandledBy}"))
            .Append(Line($"    method: {YamlNames.Of(ioctl.Code.Method)}"))
            .Append(Line($"    access: {YamlNames.Of(ioctl.Code.Access)}"));
        if (ioctl.WorkingInput is null)
        {
            yaml.Append("    # no length pair tried (0..4096 each) was answered with success: lengths not found\n");
            return;
        }

        WriteBuffer(yaml, "input", ioctl.Input);
        WriteBuffer(yaml, "output", ioctl.Output);
        if (ioctl.HandleCheck is { } check)
        {
            yaml.Append(Line($"    handle_check: {{ access: {YamlNames.Of(check.Access)}, status: {NtStatus.Format(check.Status)} }}   # a handle without it was refused by the driver itself"));
        }
    }

    private static void WriteBuffer(StringBuilder yaml, string key, DiscoveredBuffer? buffer)
    {
        if (buffer is not { Documented: true })
        {
            return;
        }

        var parts = new List<string>();
        if (buffer.AtLeastInput)
        {
            parts.Add("min: input");
        }
        else if (buffer.Min > 0)
        {
            parts.Add($"min: {buffer.Min}");
        }

        if (buffer.Max is { } max)
        {
            parts.Add($"max: {max}");
        }

        if (parts.Count == 0)
        {
            parts.Add("min: 0");
        }

        AddStatus(parts, "too_short", buffer.TooShort);
        AddStatus(parts, "too_long", buffer.TooLong);
        AddStatus(parts, "bad_pointer", buffer.BadPointer);
        string how = buffer.BadPointer is null ? buffer.How : $"{buffer.How}; bad_pointer: a no-access buffer";
        yaml.Append(Line($"    {key}: {{ {string.Join(", ", parts)} }}   # {how}"));
    }

    private static void AddStatus(List<string> parts, string key, int? status)
    {
        if (status is { } value)
        {
            parts.Add($"{key}: {NtStatus.Format(value)}");
        }
    }

    private static string Line(string text) => text + "\n";

    /// <summary>A YAML plain scalar when it can be one, else single-quoted.</summary>
    private static string Scalar(string text) =>
        text.Length > 0 && !text.Contains(": ", StringComparison.Ordinal) && !text.Contains(" #", StringComparison.Ordinal)
        && "-?:,[]{}#&*!|>'\"%@`".IndexOf(text[0], StringComparison.Ordinal) < 0 && text.Trim() == text
            ? text
            : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
