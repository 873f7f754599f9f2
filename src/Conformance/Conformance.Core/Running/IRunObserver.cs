using Conformance.Verdicts;

namespace Conformance.Running;

/// <summary>Sees each case as it is judged (progress display, NUnit reporting, streaming writers).</summary>
public interface IRunObserver
{
    /// <summary>
    /// A long job made of several runs (the self-check: the clean driver, then each seeded variant) starts its
    /// <paramref name="number"/>th of <paramref name="count"/> parts; the cases that follow belong to it.
    /// </summary>
    void PhaseStarted(string name, int number, int count)
    {
    }

    /// <summary>A case was fired (verdicts come after the run's single event collection).</summary>
    void CaseFired(int fired, int total)
    {
    }

    /// <summary>A case has its verdict. <paramref name="done"/> of <paramref name="total"/> cases are judged.</summary>
    void CaseJudged(CaseResult result, int done, int total);

    /// <summary>The target is being restarted after a crash or hang.</summary>
    void TargetRestarting(string reason);
}
