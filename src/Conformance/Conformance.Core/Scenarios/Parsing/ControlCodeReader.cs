using Conformance.Scenarios.Syntax;
using Conformance.Scenarios.Yaml;

namespace Conformance.Scenarios.Parsing;

/// <summary>
/// Reads a control code written as a raw <c>code</c>, as CTL_CODE parts, or both. When both are given every
/// written part must agree with the code: a profile that says "buffered" for a METHOD_NEITHER code would make
/// every verdict about that IOCTL wrong.
/// </summary>
internal static class ControlCodeReader
{
    /// <summary>The code, or null (with errors reported) when it is missing, malformed or inconsistent.</summary>
    /// <param name="map">A mapping with the keys code, device_type, function, method, access.</param>
    /// <param name="defaultDeviceType">The profile's device type, used when the parts omit it.</param>
    /// <param name="reader">Value reader of the file.</param>
    /// <param name="owner">What the code belongs to, for messages ("IOCTL 'IOCTL_SAMPLE_PING'").</param>
    public static ControlCode? Read(MappingReader map, uint? defaultDeviceType, ValueReader reader, string owner)
    {
        var ok = true;
        uint? code = null, deviceType = null, function = null;
        TransferMethod? method = null;
        RequiredAccess? access = null;

        if (map.Get("code") is { } codeNode)
        {
            ok &= reader.TryUInt32(codeNode, "code", 0, uint.MaxValue, out var value);
            code = value;
        }

        if (map.Get("device_type") is { } typeNode)
        {
            ok &= reader.TryUInt32(typeNode, "device_type", 0, ControlCode.MaxDeviceType, out var value);
            deviceType = value;
        }

        if (map.Get("function") is { } functionNode)
        {
            ok &= reader.TryUInt32(functionNode, "function", 0, ControlCode.MaxFunction, out var value);
            function = value;
        }

        if (map.Get("method") is { } methodNode)
        {
            ok &= reader.TryName(methodNode, "method", DeviceProfileSyntax.Methods, out var value);
            method = value;
        }

        if (map.Get("access") is { } accessNode)
        {
            ok &= reader.TryName(accessNode, "access", DeviceProfileSyntax.Accesses, out var value);
            access = value;
        }

        if (!ok)
        {
            return null;
        }

        if (code is { } raw)
        {
            return CheckAgreement(map, new ControlCode(raw), deviceType, function, method, access, reader.Diagnostics);
        }

        deviceType ??= defaultDeviceType;
        var missing = new List<string>();
        if (deviceType is null)
        {
            missing.Add("device_type");
        }

        if (function is null)
        {
            missing.Add("function");
        }

        if (method is null)
        {
            missing.Add("method");
        }

        if (access is null)
        {
            missing.Add("access");
        }

        missing.RemoveAll(map.Misspells);
        if (missing.Count > 0)
        {
            reader.Diagnostics.Error(map.Node, $"{owner} has no 'code' and misses the CTL_CODE part(s) {string.Join(", ", missing.Select(m => $"'{m}'"))}",
                "Give 'code: 0x...' or all of device_type (here or in the profile), function, method and access.");
            return null;
        }

        if (deviceType is null || function is null || method is null || access is null)
        {
            return null;
        }

        return ControlCode.From(deviceType!.Value, function!.Value, method!.Value, access!.Value);
    }

    private static ControlCode? CheckAgreement(
        MappingReader map, ControlCode code, uint? deviceType, uint? function, TransferMethod? method, RequiredAccess? access, Diagnostics diagnostics)
    {
        var agrees = true;
        void Check(bool written, bool same, string key, string given, string fromCode)
        {
            if (written && !same)
            {
                agrees = false;
                diagnostics.Error(map.Get(key)!, $"'{key}' {given} disagrees with code {code}, whose {key} is {fromCode}",
                    "Give either the code or its parts, or make them agree.");
            }
        }

        Check(deviceType is not null, deviceType == code.DeviceType, "device_type", $"0x{deviceType:X4}", $"0x{code.DeviceType:X4}");
        Check(function is not null, function == code.Function, "function", $"0x{function:X3}", $"0x{code.Function:X3}");
        Check(method is not null, method == code.Method, "method", Name(DeviceProfileSyntax.Methods, method), DeviceProfileSyntax.Methods.NameOf(code.Method));
        Check(access is not null, access == code.Access, "access", Name(DeviceProfileSyntax.Accesses, access), DeviceProfileSyntax.Accesses.NameOf(code.Access));
        return agrees ? code : null;
    }

    private static string Name<T>(NameTable<T> table, T? value)
        where T : struct => value is { } v ? table.NameOf(v) : "";
}
