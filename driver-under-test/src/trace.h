/*++

Module Name:

    trace.h

Abstract:

    TraceLogging provider of the ConformanceSample driver.

    The conformance suite judges METHOD_NEITHER validation and exception
    handling from these events, so their names and field names are part of
    the contract (README.md, "Events"). Every DEVICE_CONTROL request produces:

        RequestReceived                     first, always
        ValidationFailed | ExceptionHandled at most one, when the request is
                                            rejected or a fault is caught
        RequestCompleted                    last, always

Environment:

    Kernel mode only. Include after <ntddk.h>/<wdm.h>, as TraceLogging for
    kernel-mode drivers requires.

--*/

#ifndef SAMPLE_TRACE_H
#define SAMPLE_TRACE_H

#include <TraceLoggingProvider.h>

//
// Provider "Contoso-Conformance-SampleDriver". Its GUID,
// {bff1b9a1-035f-5d31-8120-7548bea0ac06}, is the ETW name hash of the name,
// as Microsoft recommends, so a consumer can enable it by name (TraceEvent,
// EventSource in the simulator) and get the same GUID.
//
TRACELOGGING_DECLARE_PROVIDER(SampleTraceProvider);

//
// Levels use the WINEVENT_LEVEL_* numbers (winmeta.h); they are spelled out
// here so that this header needs nothing beyond TraceLoggingProvider.h.
//
#define SAMPLE_TRACE_LEVEL_ERROR        2
#define SAMPLE_TRACE_LEVEL_WARNING      3
#define SAMPLE_TRACE_LEVEL_INFORMATION  4

//
// One keyword for all request events, so a session can enable exactly them.
//
#define SAMPLE_TRACE_KEYWORD_REQUEST    0x1

NTSTATUS
SampleTraceRegister(
    VOID
    );

VOID
SampleTraceUnregister(
    VOID
    );

VOID
SampleTraceRequestReceived(
    _In_ ULONG IoControlCode,
    _In_ ULONG InputLength,
    _In_ ULONG OutputLength
    );

VOID
SampleTraceValidationFailed(
    _In_ ULONG IoControlCode,
    _In_ NTSTATUS Status,
    _In_z_ const char *Reason
    );

VOID
SampleTraceExceptionHandled(
    _In_ ULONG IoControlCode,
    _In_ NTSTATUS ExceptionCode
    );

VOID
SampleTraceRequestCompleted(
    _In_ ULONG IoControlCode,
    _In_ NTSTATUS Status,
    _In_ ULONG_PTR Information
    );

#endif // SAMPLE_TRACE_H
