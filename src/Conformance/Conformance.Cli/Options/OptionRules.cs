using System.CommandLine;
using System.Numerics;

namespace Conformance.Cli.Options;

/// <summary>Value rules System.CommandLine checks while parsing, so a bad value is a usage error before anything runs.</summary>
internal static class OptionRules
{
    /// <summary>The option's value must be above zero.</summary>
    public static Option<T> Positive<T>(this Option<T> option)
        where T : INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is { } value && value <= T.Zero)
            {
                result.AddError($"{option.Name} expects a positive number, got '{value}'");
            }
        });
        return option;
    }

    /// <summary>The option's value must not be below zero.</summary>
    public static Option<T> NotNegative<T>(this Option<T> option)
        where T : INumber<T>
    {
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<T>() is { } value && value < T.Zero)
            {
                result.AddError($"{option.Name} expects 0 or more, got '{value}'");
            }
        });
        return option;
    }

    /// <summary>
    /// A positional argument never starts with a dash: System.CommandLine would otherwise take a mistyped option
    /// (`validate --strict`) as the path and report "no such file" instead of an unknown option.
    /// </summary>
    public static Argument<T> NotAnOption<T>(this Argument<T> argument)
    {
        argument.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } token)
            {
                result.AddError($"Unrecognized command or argument '{token.Value}'");
            }
        });
        return argument;
    }
}
