/*
 * access.c - the user-memory access trace: every touch of a user address by the driver's own code
 * during one dispatch (DESIGN.md section 4, issue 13).
 *
 * The driver's simulator build is compiled with -fsanitize=kernel-address and the call threshold
 * at 0, so gcc emits a call to __asan_{load,store}N_noabort before each of its loads and stores;
 * the shim's memcpy family (what RtlCopyMemory and friends become in an instrumented build) calls
 * the same recorder for its ranges. The recorder runs on the driver's thread in the middle of
 * driver code, so it must be cheap and must not fault, lock, allocate or make a syscall: it
 * compares addresses, reads the SEH frame list and writes into a fixed array. Touches are
 * recorded before they happen, so a touch that then faults is in the trace too.
 * The I/O manager's copies and probes run before and after the dispatch, in uninstrumented
 * shim code, and are not recorded: they are not the driver's.
 */
#include "simkernel_internal.h"

#define SIM_TLS __thread __attribute__((tls_model("initial-exec")))
#define SIM_PROBE_CAPACITY 64u

typedef struct SIM_RANGE {
    uintptr_t Start;
    uintptr_t End; /* exclusive */
} SIM_RANGE;

/* One dispatch runs at a time (one driver, one handle per SimHost), on one thread: the arrays are
   plain statics and only the "tracing now" flag is per thread, so a racer thread records nothing. */
static SIM_TLS int Tracing;
static int TracingEnabled = 1;
static SIM_ACCESS_RECORD Records[SIM_ACCESS_TRACE_CAPACITY];
static uint32_t RecordCount;
static uint64_t RecordsDropped;
static uint64_t InstrumentationCalls; /* every call of this dispatch, user address or not */
static SIM_RANGE ReadProbes[SIM_PROBE_CAPACITY], WriteProbes[SIM_PROBE_CAPACITY];
static uint32_t ReadProbeCount, WriteProbeCount;

void SimAccessTraceSetEnabled(int enabled) { TracingEnabled = enabled != 0; }

void SimAccessTraceReset(void)
{
    RecordCount = 0;
    RecordsDropped = 0;
    InstrumentationCalls = 0;
    ReadProbeCount = WriteProbeCount = 0;
}

void SimAccessBeginDispatch(void) { Tracing = TracingEnabled; }

void SimAccessEndDispatch(void) { Tracing = 0; }

/* Any dispatch routine loads from its IRP, so a traced dispatch with no call at all means a driver
   built without the instrumentation: an empty trace from it proves nothing. */
int SimAccessTraceComplete(void) { return TracingEnabled && InstrumentationCalls > 0; }

static void AddRange(SIM_RANGE *ranges, uint32_t *count, uint32_t capacity, uintptr_t start, size_t length)
{
    /* A full table forgets the newest range: touches it covers then show as unprobed, a false
       finding rather than a missed one; 64 probes in one call is far beyond any real handler. */
    if (length == 0 || *count >= capacity)
        return;
    ranges[*count].Start = start;
    ranges[*count].End = start + length;
    (*count)++;
}

void SimAccessNoteProbe(uintptr_t start, size_t length, int forWrite)
{
    if (!Tracing)
        return;
    if (forWrite)
        AddRange(WriteProbes, &WriteProbeCount, SIM_PROBE_CAPACITY, start, length);
    else
        AddRange(ReadProbes, &ReadProbeCount, SIM_PROBE_CAPACITY, start, length);
}

static int Covered(const SIM_RANGE *ranges, uint32_t count, uintptr_t start, uintptr_t end)
{
    for (uint32_t i = 0; i < count; i++)
        if (ranges[i].Start <= start && end <= ranges[i].End)
            return 1;
    return 0;
}

/* An MDL's system view is a kernel mapping (usermem.c), so touches through it fall outside this. */
static int IsUserTouch(uintptr_t address)
{
    return address < SIM_NULL_PAGE_REGION || (address >= SimUserRegionStart && address < MmUserProbeAddress);
}

void SimAccessRecord(uintptr_t address, size_t size, int isWrite, uintptr_t returnAddress, uintptr_t callerStack)
{
    if (!Tracing)
        return;
    InstrumentationCalls++;
    if (size == 0 || !IsUserTouch(address))
        return;
    uintptr_t end = address + size;
    uint32_t flags = isWrite ? SIM_ACCESS_WRITE : 0;
    /* ProbeForWrite validates the range for reading as well; a write needs ProbeForWrite. */
    if (Covered(WriteProbes, WriteProbeCount, address, end) ||
        (!isWrite && Covered(ReadProbes, ReadProbeCount, address, end)))
        flags |= SIM_ACCESS_PROBED;
    if (SimSehInsideTry(callerStack))
        flags |= SIM_ACCESS_IN_TRY;

    /* A byte loop is one record: extend the last one when this touch continues it. */
    if (RecordCount > 0) {
        SIM_ACCESS_RECORD *last = &Records[RecordCount - 1];
        if (last->Flags == flags && last->ReturnAddress == returnAddress && last->Address + last->Size == address &&
            last->Size + size <= UINT32_MAX) {
            last->Size += (uint32_t)size;
            return;
        }
    }
    if (RecordCount >= SIM_ACCESS_TRACE_CAPACITY) {
        RecordsDropped++;
        return;
    }
    SIM_ACCESS_RECORD *record = &Records[RecordCount++];
    record->Address = address;
    record->ReturnAddress = returnAddress;
    record->Size = (uint32_t)(size > UINT32_MAX ? UINT32_MAX : size);
    record->Flags = flags;
}

uint32_t SimAccessTraceRead(SIM_ACCESS_RECORD *records, uint32_t capacity, uint64_t *dropped)
{
    uint32_t n = RecordCount < capacity ? RecordCount : capacity;
    for (uint32_t i = 0; i < n; i++) {
        records[i] = Records[i];
        /* The return address points after the call: one byte back is inside the touching line. */
        int module = SimModuleFind((uintptr_t)records[i].ReturnAddress);
        if (SimModuleIsDriver(module)) {
            records[i].ReturnAddress = SimModuleOffset(module, (uintptr_t)records[i].ReturnAddress);
            records[i].Flags |= SIM_ACCESS_DRIVER_OFFSET;
        }
    }
    if (dropped != NULL)
        *dropped = RecordsDropped + (RecordCount - n);
    return n;
}
