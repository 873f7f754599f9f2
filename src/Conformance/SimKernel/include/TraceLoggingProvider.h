/*
 * TraceLoggingProvider.h - the TraceLogging subset drivers use, for the simulator.
 *
 * Events keep the Windows provider name, event names and field names. Instead of ETW they go
 * into the simulated kernel's native trace ring (trace.c), which SimHost drains from a managed
 * thread: driver code inside a __try must never call into managed code.
 *
 * Supported: TRACELOGGING_DECLARE_PROVIDER, TRACELOGGING_DEFINE_PROVIDER, TraceLoggingRegister,
 * TraceLoggingUnregister, TraceLoggingWrite, and the fields below. The field name argument is
 * optional, as on Windows (the value's expression text is used); a third description argument
 * is accepted and ignored. Level, keyword and opcode are accepted and ignored.
 */
#ifndef SIM_TRACELOGGINGPROVIDER_H
#define SIM_TRACELOGGINGPROVIDER_H

#include "ntdef.h"

typedef struct SIM_TLG_PROVIDER {
    const char *Name;
    GUID Id;
    volatile LONG Registered;
} SIM_TLG_PROVIDER;
typedef const SIM_TLG_PROVIDER *TraceLoggingHProvider;

typedef struct SIM_TLG_FIELD {
    int Type;          /* SIM_TRACE_FIELD_TYPE from simkernel.h; 0 ends the list; -1 is metadata */
    const char *Name;
    union {
        uint64_t U64;
        int64_t I64;
        const char *Str;
    } Value;
} SIM_TLG_FIELD;

NTSTATUS SimTraceLoggingRegister(TraceLoggingHProvider provider);
void SimTraceLoggingUnregister(TraceLoggingHProvider provider);
void SimTraceLoggingWrite(TraceLoggingHProvider provider, const char *eventName, const SIM_TLG_FIELD *fields);

#define SIM_TLG_GUID(l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) { l, w1, w2, { b1, b2, b3, b4, b5, b6, b7, b8 } }

#define TRACELOGGING_DECLARE_PROVIDER(handleVariable) extern const TraceLoggingHProvider handleVariable

#define TRACELOGGING_DEFINE_PROVIDER(handleVariable, providerName, providerId, ...)            \
    static SIM_TLG_PROVIDER SimTlgProviderStorage_##handleVariable = {                          \
        providerName, SIM_TLG_GUID providerId, 0 };                                            \
    const TraceLoggingHProvider handleVariable = &SimTlgProviderStorage_##handleVariable

#define TraceLoggingRegister(hProvider)   SimTraceLoggingRegister(hProvider)
#define TraceLoggingUnregister(hProvider) SimTraceLoggingUnregister(hProvider)

#define TraceLoggingWrite(hProvider, eventName, ...)                                            \
    SimTraceLoggingWrite((hProvider), (eventName),                                              \
                         (const SIM_TLG_FIELD[]){ __VA_ARGS__ __VA_OPT__(, ) { 0, 0, { 0 } } })

/* Name selection: the explicit name if given, else the stringized value expression. */
#define SIM_TLG_FIRST_(first, ...) first
#define SIM_TLG_NAME_(defaultName, ...) SIM_TLG_FIRST_(__VA_ARGS__ __VA_OPT__(, ) defaultName)
#define SIM_TLG_VALUE_(type, member, value, defaultName, ...) \
    { type, SIM_TLG_NAME_(defaultName, ##__VA_ARGS__), { .member = (value) } }

#define TraceLoggingUInt32(value, ...)    SIM_TLG_VALUE_(1, U64, (uint64_t)(uint32_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingInt32(value, ...)     SIM_TLG_VALUE_(2, I64, (int64_t)(int32_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingUInt64(value, ...)    SIM_TLG_VALUE_(3, U64, (uint64_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingInt64(value, ...)     SIM_TLG_VALUE_(4, I64, (int64_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingHexUInt32(value, ...) SIM_TLG_VALUE_(5, U64, (uint64_t)(uint32_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingNTStatus(value, ...)  SIM_TLG_VALUE_(6, I64, (int64_t)(int32_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingPointer(value, ...)   SIM_TLG_VALUE_(7, U64, (uint64_t)(uintptr_t)(value), #value, ##__VA_ARGS__)
#define TraceLoggingString(value, ...)    SIM_TLG_VALUE_(8, Str, (const char *)(value), #value, ##__VA_ARGS__)
#define TraceLoggingULong(value, ...)     TraceLoggingUInt32(value, ##__VA_ARGS__)
#define TraceLoggingLong(value, ...)      TraceLoggingInt32(value, ##__VA_ARGS__)
#define TraceLoggingHexUInt64(value, ...) TraceLoggingUInt64(value, ##__VA_ARGS__)
#define TraceLoggingBoolean(value, ...)   TraceLoggingUInt32(!!(value), ##__VA_ARGS__)

#define TraceLoggingLevel(level)     { -1, 0, { .U64 = (uint64_t)(level) } }
#define TraceLoggingKeyword(keyword) { -1, 0, { .U64 = (uint64_t)(keyword) } }
#define TraceLoggingOpcode(opcode)   { -1, 0, { .U64 = (uint64_t)(opcode) } }
#define TraceLoggingDescription(d)   { -1, 0, { .U64 = 0 } }

#define WINEVENT_LEVEL_CRITICAL 1
#define WINEVENT_LEVEL_ERROR    2
#define WINEVENT_LEVEL_WARNING  3
#define WINEVENT_LEVEL_INFO     4
#define WINEVENT_LEVEL_VERBOSE  5

#endif
