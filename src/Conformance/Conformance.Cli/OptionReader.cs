using System.Globalization;

namespace Conformance.Cli;

/// <summary>Reads `--name value` and `--flag` options; whatever is left unread is an error.</summary>
internal sealed class OptionReader
{
    private readonly List<string> _arguments;

    public OptionReader(IReadOnlyList<string> arguments)
    {
        _arguments = [.. arguments];
    }

    public bool Flag(string name)
    {
        int at = _arguments.IndexOf(name);
        if (at < 0)
        {
            return false;
        }

        _arguments.RemoveAt(at);
        return true;
    }

    public string? Value(string name)
    {
        int at = _arguments.IndexOf(name);
        if (at < 0)
        {
            return null;
        }

        if (at + 1 >= _arguments.Count)
        {
            throw new UsageException($"{name} needs a value.");
        }

        string value = _arguments[at + 1];
        _arguments.RemoveRange(at, 2);
        return value;
    }

    public double PositiveNumber(string name, double fallback)
    {
        string? text = Value(name);
        if (text is null)
        {
            return fallback;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0
            ? value
            : throw new UsageException($"{name} expects a positive number, got '{text}'.");
    }

    /// <summary>Fail on anything no option claimed.</summary>
    public void EnsureAllRead()
    {
        if (_arguments.Count > 0)
        {
            throw new UsageException($"unexpected argument '{_arguments[0]}'.");
        }
    }
}
