/*++

Module Name:

    conformance_sample_defects.h

Abstract:

    Seeded defect variants of the ConformanceSample driver.

    The driver reads REG_DWORD "DefectVariant" from its service key when it
    loads. 0 (or no value) is the clean driver. Any other listed number turns
    on exactly one real bug class at one place in the code, so the conformance
    suite can prove that it notices that class. DEFECTS.md describes each
    variant, the Microsoft guidance it breaks and the call that exposes it.

    Numbers and names are stable: scenario files, reports and the simulator
    configuration use them. Append new variants; never renumber.

Environment:

    User mode and kernel mode. Needs only the C language.

--*/

#ifndef CONFORMANCE_SAMPLE_DEFECTS_H
#define CONFORMANCE_SAMPLE_DEFECTS_H

//
// Registry value (under the service key) that selects the variant.
//
#define SAMPLE_DEFECT_REGISTRY_VALUE    L"DefectVariant"

typedef enum _SAMPLE_DEFECT {
    SampleDefectNone                    = 0,    // "none"
    SampleDefectNeitherNoProbe          = 1,    // "neither-no-probe"
    SampleDefectTouchOutsideTry         = 2,    // "touch-outside-try"
    SampleDefectDoubleFetch             = 3,    // "double-fetch"
    SampleDefectUninitializedOutput     = 4,    // "uninitialized-output"
    SampleDefectInformationOverreport   = 5,    // "information-overreport"
    SampleDefectMissingInputSizeCheck   = 6,    // "missing-input-size-check"
    SampleDefectProbeZeroLength         = 7,    // "probe-zero-length"
    SampleDefectWriteProbedForRead      = 8,    // "write-probed-for-read"
    SampleDefectIntegerOverflow         = 9,    // "integer-overflow"
    SampleDefectNullMdlDirect           = 10,   // "null-mdl-direct"
    SampleDefectSwallowException        = 11,   // "swallow-exception"
    SampleDefectLogSuccessAfterFailure  = 12,   // "log-success-after-failure"
    SampleDefectLeakedConfigGate        = 13,   // "leaked-config-gate"
    SampleDefectMissingAccessCheck      = 14,   // "missing-access-check"
    SampleDefectMissingCompletion       = 15,   // "missing-completion"
    SampleDefectInformationPastBuffer   = 16,   // "information-past-buffer"
    SampleDefectDoubleFetchHeader       = 17,   // "double-fetch-header"
    SampleDefectProbeHeaderOnly         = 18,   // "probe-header-only"
    SampleDefectResultOutsideTry        = 19,   // "result-outside-try"
    SampleDefectBufferedWritesUserBuffer = 20,  // "buffered-writes-user-buffer"
    SampleDefectCount                           // one past the last variant
} SAMPLE_DEFECT;

//
// Name table, in number order. Expand it with a macro of your own, e.g.
//
//     #define NAME_ONLY(Number, Name) Name,
//     static const char * const Names[] = { SAMPLE_DEFECT_TABLE(NAME_ONLY) };
//
// so that every consumer spells the names the same way.
//
#define SAMPLE_DEFECT_TABLE(ENTRY)                                      \
    ENTRY(SampleDefectNone,                     "none")                 \
    ENTRY(SampleDefectNeitherNoProbe,           "neither-no-probe")     \
    ENTRY(SampleDefectTouchOutsideTry,          "touch-outside-try")    \
    ENTRY(SampleDefectDoubleFetch,              "double-fetch")         \
    ENTRY(SampleDefectUninitializedOutput,      "uninitialized-output") \
    ENTRY(SampleDefectInformationOverreport,    "information-overreport") \
    ENTRY(SampleDefectMissingInputSizeCheck,    "missing-input-size-check") \
    ENTRY(SampleDefectProbeZeroLength,          "probe-zero-length")    \
    ENTRY(SampleDefectWriteProbedForRead,       "write-probed-for-read") \
    ENTRY(SampleDefectIntegerOverflow,          "integer-overflow")     \
    ENTRY(SampleDefectNullMdlDirect,            "null-mdl-direct")      \
    ENTRY(SampleDefectSwallowException,         "swallow-exception")    \
    ENTRY(SampleDefectLogSuccessAfterFailure,   "log-success-after-failure") \
    ENTRY(SampleDefectLeakedConfigGate,         "leaked-config-gate")   \
    ENTRY(SampleDefectMissingAccessCheck,       "missing-access-check") \
    ENTRY(SampleDefectMissingCompletion,        "missing-completion")   \
    ENTRY(SampleDefectInformationPastBuffer,    "information-past-buffer") \
    ENTRY(SampleDefectDoubleFetchHeader,        "double-fetch-header")  \
    ENTRY(SampleDefectProbeHeaderOnly,          "probe-header-only")    \
    ENTRY(SampleDefectResultOutsideTry,         "result-outside-try")   \
    ENTRY(SampleDefectBufferedWritesUserBuffer, "buffered-writes-user-buffer")

#endif // CONFORMANCE_SAMPLE_DEFECTS_H
