/*++

Module Name:

    TraceLoggingProvider.h (compatibility stand-in)

Abstract:

    ONLY for the builds against the mingw-w64 DDK (`make windows-check` and
    `make windows`): the mingw-w64 headers have no TraceLoggingProvider.h.
    This directory is searched after every real include directory
    (-idirafter), so the WDK's own header is used whenever it exists. The
    macros keep the documented shapes and evaluate every argument, so the
    driver's calls are still type-checked; they emit nothing.

    So the .sys built by `make windows` logs no events at all, on Wine and on
    Windows alike, and imports no ETW function (Wine has no working ETW
    anyway: docs/wine.md). Event expectations can only be judged with a WDK
    build of the driver on Windows, or in the simulator.

--*/

#ifndef SAMPLE_COMPAT_TRACELOGGINGPROVIDER_H
#define SAMPLE_COMPAT_TRACELOGGINGPROVIDER_H

typedef struct _SAMPLE_COMPAT_TLG_PROVIDER {
    const char *Name;
    GUID Id;
} SAMPLE_COMPAT_TLG_PROVIDER;

typedef const SAMPLE_COMPAT_TLG_PROVIDER *TraceLoggingHProvider;

#define TRACELOGGING_DECLARE_PROVIDER(handleVariable) \
    extern const TraceLoggingHProvider handleVariable

#define SAMPLE_COMPAT_TLG_GUID(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) \
    { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }

#define TRACELOGGING_DEFINE_PROVIDER(handleVariable, providerName, providerId, ...) \
    static const SAMPLE_COMPAT_TLG_PROVIDER SampleCompatTlg_##handleVariable =      \
        { providerName, SAMPLE_COMPAT_TLG_GUID providerId };                       \
    const TraceLoggingHProvider handleVariable = &SampleCompatTlg_##handleVariable

static __inline NTSTATUS SampleCompatTlgRegister(TraceLoggingHProvider Provider)
{
    UNREFERENCED_PARAMETER(Provider);
    return STATUS_SUCCESS;
}

static __inline VOID SampleCompatTlgSink(int Unused, ...)
{
    UNREFERENCED_PARAMETER(Unused);
}

#define TraceLoggingRegister(hProvider)     SampleCompatTlgRegister(hProvider)
#define TraceLoggingUnregister(hProvider)   ((VOID)(hProvider))

#define TraceLoggingWrite(hProvider, eventName, ...) \
    SampleCompatTlgSink(0, (hProvider), ("" eventName), __VA_ARGS__)

#define TraceLoggingLevel(level)                ((UCHAR)(level))
#define TraceLoggingKeyword(keyword)            ((ULONGLONG)(keyword))
#define TraceLoggingUInt32(value, name)         ((ULONG)(value)), ("" name)
#define TraceLoggingInt32(value, name)          ((LONG)(value)), ("" name)
#define TraceLoggingUInt64(value, name)         ((ULONGLONG)(value)), ("" name)
#define TraceLoggingHexUInt32(value, name)      ((ULONG)(value)), ("" name)
#define TraceLoggingNTStatus(value, name)       ((NTSTATUS)(value)), ("" name)
#define TraceLoggingPointer(value, name)        ((const void *)(value)), ("" name)
#define TraceLoggingString(value, name)         ((const char *)(value)), ("" name)

#endif // SAMPLE_COMPAT_TRACELOGGINGPROVIDER_H
