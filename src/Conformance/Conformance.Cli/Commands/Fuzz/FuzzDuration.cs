using System.Globalization;

namespace Conformance.Cli.Commands.Fuzz;

/// <summary>--duration's value: a number with a unit (500ms, 60s, 2m, 1h) or bare seconds.</summary>
internal static class FuzzDuration
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        text = text.Trim();
        (string number, double unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) => (text[..^2], 0.001),
            _ when text.EndsWith('s') => (text[..^1], 1),
            _ when text.EndsWith('m') => (text[..^1], 60),
            _ when text.EndsWith('h') => (text[..^1], 3600),
            _ => (text, 1),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || double.IsInfinity(value))
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * unit);
        return true;
    }
}
