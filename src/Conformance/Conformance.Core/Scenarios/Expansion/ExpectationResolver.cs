using Conformance.Targets;

namespace Conformance.Scenarios.Expansion;

/// <summary>Turns the expectations that apply to a case into numbers: relative Information bounds are resolved here.</summary>
internal static class ExpectationResolver
{
    public static CaseExpectation? Resolve(ExpectDraft draft, BufferSpec input, BufferSpec output, CaseReporter reporter)
    {
        InformationRange? information = null;
        if (draft.Information is { } info)
        {
            ulong LengthOf(string reference) => reference switch
            {
                "input.size" => input.Size,
                "output.size" => output.Size,
                "input.declared_length" => input.DeclaredLength,
                _ => output.DeclaredLength,
            };

            var min = info.Min.Evaluate(LengthOf);
            var max = info.Max.Evaluate(LengthOf);
            if (min < 0 || max < 0)
            {
                reporter.Error(info.Node, $"information resolves below zero ({(min < 0 ? info.Min : info.Max)} is {Math.Min(min, max)})",
                    "Exclude the sizes it does not fit, or override the information for them in 'cases'.");
                return null;
            }

            if (min > max)
            {
                reporter.Error(info.Node, $"information min {min} is larger than max {max}", null);
                return null;
            }

            information = new InformationRange((ulong)min, (ulong)max);
        }

        return new CaseExpectation
        {
            Status = draft.Status,
            Information = information,
            Alive = draft.Alive ?? true,
            OutputUntouchedPastInformation = draft.OutputUntouchedPastInformation ?? true,
            ReadOnlyUnchanged = draft.ReadOnlyUnchanged ?? true,
            KernelCanaryIntact = draft.KernelCanaryIntact ?? true,
            NoKernelSecret = draft.NoKernelSecret ?? true,
            NoPoolPoison = draft.NoPoolPoison ?? true,
            NoDoubleFetch = draft.NoDoubleFetch ?? true,
            UserAccessProbed = draft.UserAccessProbed ?? true,
            UserAccessInTry = draft.UserAccessInTry ?? true,
            NoUnexpectedUserAccess = draft.NoUnexpectedUserAccess ?? true,
            FileOpenChecked = draft.FileOpenChecked ?? true,
            KernelHandles = draft.KernelHandles ?? true,
            TimeLimit = draft.TimeLimitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : CaseExpectation.DefaultTimeLimit,
            Events = draft.Events ?? [],
            ForbidEvents = draft.ForbidEvents ?? [],
            LogsValidationFailure = draft.LogsValidationFailure ?? false,
            LogsHandledException = draft.LogsHandledException ?? false,
        };
    }
}
