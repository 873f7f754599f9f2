/*++

Module Name:

    trace.c

Abstract:

    Registration of the TraceLogging provider and one small function per
    event, so that event and field names are written in exactly one place.

Environment:

    Kernel mode only.

--*/

#include "driver.h"
#include "trace.h"

TRACELOGGING_DEFINE_PROVIDER(
    SampleTraceProvider,
    "Contoso-Conformance-SampleDriver",
    // {bff1b9a1-035f-5d31-8120-7548bea0ac06}
    (0xbff1b9a1, 0x035f, 0x5d31, 0x81, 0x20, 0x75, 0x48, 0xbe, 0xa0, 0xac, 0x06));

_Use_decl_annotations_
NTSTATUS
SampleTraceRegister(
    VOID
    )
{
    //
    // In kernel mode TraceLoggingRegister returns an NTSTATUS. A provider
    // that failed to register must not be unregistered later, so the caller
    // fails DriverEntry on error instead of running without events: the suite
    // would read missing events as findings.
    //
    return TraceLoggingRegister(SampleTraceProvider);
}

_Use_decl_annotations_
VOID
SampleTraceUnregister(
    VOID
    )
{
    //
    // Must run before the driver image goes away, or ETW would later call
    // into unloaded code through the provider's enable callback.
    //
    TraceLoggingUnregister(SampleTraceProvider);
}

_Use_decl_annotations_
VOID
SampleTraceRequestReceived(
    ULONG IoControlCode,
    ULONG InputLength,
    ULONG OutputLength
    )
{
    TraceLoggingWrite(
        SampleTraceProvider,
        "RequestReceived",
        TraceLoggingLevel(SAMPLE_TRACE_LEVEL_INFORMATION),
        TraceLoggingKeyword(SAMPLE_TRACE_KEYWORD_REQUEST),
        TraceLoggingHexUInt32(IoControlCode, "IoControlCode"),
        TraceLoggingUInt32(InputLength, "InputLength"),
        TraceLoggingUInt32(OutputLength, "OutputLength"));
}

_Use_decl_annotations_
VOID
SampleTraceValidationFailed(
    ULONG IoControlCode,
    NTSTATUS Status,
    const char *Reason
    )
{
    TraceLoggingWrite(
        SampleTraceProvider,
        "ValidationFailed",
        TraceLoggingLevel(SAMPLE_TRACE_LEVEL_WARNING),
        TraceLoggingKeyword(SAMPLE_TRACE_KEYWORD_REQUEST),
        TraceLoggingHexUInt32(IoControlCode, "IoControlCode"),
        TraceLoggingNTStatus(Status, "Status"),
        TraceLoggingString(Reason, "Reason"));
}

_Use_decl_annotations_
VOID
SampleTraceExceptionHandled(
    ULONG IoControlCode,
    NTSTATUS ExceptionCode
    )
{
    TraceLoggingWrite(
        SampleTraceProvider,
        "ExceptionHandled",
        TraceLoggingLevel(SAMPLE_TRACE_LEVEL_WARNING),
        TraceLoggingKeyword(SAMPLE_TRACE_KEYWORD_REQUEST),
        TraceLoggingHexUInt32(IoControlCode, "IoControlCode"),
        TraceLoggingNTStatus(ExceptionCode, "ExceptionCode"));
}

_Use_decl_annotations_
VOID
SampleTraceRequestCompleted(
    ULONG IoControlCode,
    NTSTATUS Status,
    ULONG_PTR Information
    )
{
    TraceLoggingWrite(
        SampleTraceProvider,
        "RequestCompleted",
        TraceLoggingLevel(SAMPLE_TRACE_LEVEL_INFORMATION),
        TraceLoggingKeyword(SAMPLE_TRACE_KEYWORD_REQUEST),
        TraceLoggingHexUInt32(IoControlCode, "IoControlCode"),
        TraceLoggingNTStatus(Status, "Status"),
        TraceLoggingUInt64(Information, "Information"));
}
