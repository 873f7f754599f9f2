using System.Globalization;
using System.Text.RegularExpressions;
using Conformance.Scenarios;

namespace Conformance.Engine.Discovery;

/// <summary>
/// The IOCTL names of a driver's public header: every <c>#define NAME CTL_CODE(TYPE, FUNCTION, METHOD_X, FILE_X_ACCESS)</c>
/// (continuation lines joined, TYPE and FUNCTION numbers or macros defined in the same header), so discover can call
/// the codes it finds by the driver's own names.
/// </summary>
public sealed partial class CtlCodeHeader
{
    private readonly Dictionary<uint, string> namesByCode = [];

    private CtlCodeHeader()
    {
    }

    /// <summary>The device type of the header's first CTL_CODE, or null when it has none.</summary>
    public uint? DeviceType { get; private set; }

    /// <summary>How many IOCTL macros the header defines.</summary>
    public int Count => namesByCode.Count;

    /// <summary>The macro name for <paramref name="code"/>, or null.</summary>
    public string? NameOf(uint code) => namesByCode.GetValueOrDefault(code);

    /// <summary>Reads <paramref name="path"/>; a CTL_CODE whose parts are not numbers or known macros is skipped.</summary>
    public static CtlCodeHeader Read(string path)
    {
        string text = ContinuationPattern().Replace(File.ReadAllText(path), " ");
        text = BlockCommentPattern().Replace(text, " ");
        var header = new CtlCodeHeader();
        var numbers = new Dictionary<string, uint>(StringComparer.Ordinal)
        {
            ["METHOD_BUFFERED"] = 0,
            ["METHOD_IN_DIRECT"] = 1,
            ["METHOD_OUT_DIRECT"] = 2,
            ["METHOD_NEITHER"] = 3,
            ["FILE_ANY_ACCESS"] = 0,
            ["FILE_READ_ACCESS"] = 1,
            ["FILE_WRITE_ACCESS"] = 2,
            ["FILE_READ_DATA"] = 1,
            ["FILE_WRITE_DATA"] = 2,
        };
        foreach (Match define in DefinePattern().Matches(text))
        {
            string name = define.Groups["name"].Value;
            string body = LineCommentPattern().Replace(define.Groups["body"].Value, "").Trim();
            if (CtlCodePattern().Match(body) is { Success: true } ctl)
            {
                uint?[] parts = [.. ctl.Groups.Cast<Group>().Skip(1).Select(g => Number(g.Value, numbers))];
                if (parts.All(p => p is not null))
                {
                    var code = ControlCode.From(parts[0]!.Value, parts[1]!.Value & ControlCode.MaxFunction, (TransferMethod)(parts[2]!.Value & 3), (RequiredAccess)(parts[3]!.Value & 3));
                    header.namesByCode.TryAdd(code.Value, name);
                    header.DeviceType ??= parts[0];
                }
            }
            else if (Number(body, numbers) is { } value)
            {
                numbers[name] = value;
            }
        }

        return header;
    }

    private static uint? Number(string text, Dictionary<string, uint> numbers)
    {
        text = text.Trim().Trim('(', ')').Trim();
        if (numbers.TryGetValue(text, out var known))
        {
            return known;
        }

        text = text.TrimEnd('u', 'U', 'l', 'L');
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var hex) ? hex : null
            : uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var dec) ? dec : null;
    }

    [GeneratedRegex(@"\\\r?\n")]
    private static partial Regex ContinuationPattern();

    [GeneratedRegex(@"/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex BlockCommentPattern();

    [GeneratedRegex(@"//.*$")]
    private static partial Regex LineCommentPattern();

    [GeneratedRegex(@"^[ \t]*#[ \t]*define[ \t]+(?<name>[A-Za-z_][A-Za-z0-9_]*)[ \t]+(?<body>[^\r\n]+)", RegexOptions.Multiline)]
    private static partial Regex DefinePattern();

    [GeneratedRegex(@"^CTL_CODE\s*\(\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$")]
    private static partial Regex CtlCodePattern();
}
