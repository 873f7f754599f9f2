using System.Runtime.CompilerServices;

// The report tests check the hex diff and text cleaning directly; they are internal because only the writers use them.
[assembly: InternalsVisibleTo("Conformance.Reports.Tests")]
