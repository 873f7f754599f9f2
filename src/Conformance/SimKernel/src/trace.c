/*
 * trace.c - the driver's TraceLogging events, into a native ring buffer.
 *
 * A driver writes events from inside __try blocks; calling managed code there is forbidden
 * (DESIGN.md section 4), so events are serialized here and SimHost drains them from managed
 * code. Values are copied into a local record before the lock is taken: if a string argument
 * points at bad memory, the fault happens with no lock held and the driver's __except sees it.
 * A full ring drops the new event and counts it: loss is reported, never hidden.
 */
#include <pthread.h>
#include <time.h>
#include <unistd.h>
#include "simkernel_internal.h"

#define RING_CAPACITY (8u * 1024u * 1024u)
#define MAX_EVENT_BYTES 4096u
#define MAX_STRING_BYTES 256u

static uint8_t Ring[RING_CAPACITY];
static uint64_t RingHead; /* next byte to write (monotonic) */
static uint64_t RingTail; /* next byte to read (monotonic)  */
static uint64_t NextSequence;
static uint64_t LostEvents;
static char CurrentCaseId[SIM_CASE_ID_CAPACITY];
static pthread_mutex_t RingLock = PTHREAD_MUTEX_INITIALIZER;

void SimTraceSetCase(const char *caseId)
{
    pthread_mutex_lock(&RingLock);
    size_t n = 0;
    if (caseId != NULL)
        for (; caseId[n] != '\0' && n + 1 < sizeof(CurrentCaseId); n++)
            CurrentCaseId[n] = caseId[n];
    CurrentCaseId[n] = '\0';
    pthread_mutex_unlock(&RingLock);
}

NTSTATUS SimTraceLoggingRegister(TraceLoggingHProvider provider)
{
    ((SIM_TLG_PROVIDER *)provider)->Registered = 1;
    return STATUS_SUCCESS;
}

void SimTraceLoggingUnregister(TraceLoggingHProvider provider) { ((SIM_TLG_PROVIDER *)provider)->Registered = 0; }

typedef struct RECORD_WRITER {
    uint8_t Bytes[MAX_EVENT_BYTES];
    uint32_t Used;
    int Overflow;
} RECORD_WRITER;

static void Put(RECORD_WRITER *w, const void *data, uint32_t length)
{
    if (w->Used + length > sizeof(w->Bytes)) {
        w->Overflow = 1;
        return;
    }
    memcpy(w->Bytes + w->Used, data, length);
    w->Used += length;
}

static void PutText(RECORD_WRITER *w, const char *text, uint32_t limit)
{
    uint32_t n = 0;
    if (text != NULL)
        while (n < limit && text[n] != '\0')
            n++;
    Put(w, text != NULL ? text : "", n);
    Put(w, "", 1);
}

void SimTraceLoggingWrite(TraceLoggingHProvider provider, const char *eventName, const SIM_TLG_FIELD *fields)
{
    if (provider == NULL || !provider->Registered)
        return; /* as on Windows: nobody listens to an unregistered provider */
    RECORD_WRITER w;
    w.Used = 24; /* TotalSize, FieldCount, Sequence, Timestamp: filled in below */
    w.Overflow = 0;
    PutText(&w, provider->Name, MAX_STRING_BYTES);
    PutText(&w, eventName, MAX_STRING_BYTES);
    uint32_t caseIdOffset = w.Used; /* the case id is added under the lock */
    uint32_t fieldCount = 0;
    uint8_t fieldBytes[MAX_EVENT_BYTES];
    RECORD_WRITER f;
    f.Used = 0;
    f.Overflow = 0;
    for (const SIM_TLG_FIELD *field = fields; field->Type != 0; field++) {
        if (field->Type < 0)
            continue; /* level, keyword, opcode */
        uint8_t type = (uint8_t)field->Type;
        Put(&f, &type, 1);
        PutText(&f, field->Name, MAX_STRING_BYTES);
        switch (field->Type) {
        case SimTraceUInt32:
        case SimTraceHexUInt32: {
            uint32_t v = (uint32_t)field->Value.U64;
            Put(&f, &v, 4);
            break;
        }
        case SimTraceInt32:
        case SimTraceNtStatus: {
            int32_t v = (int32_t)field->Value.I64;
            Put(&f, &v, 4);
            break;
        }
        case SimTraceString:
            PutText(&f, field->Value.Str, MAX_STRING_BYTES);
            break;
        default:
            Put(&f, &field->Value.U64, 8);
            break;
        }
        fieldCount++;
    }
    memcpy(fieldBytes, f.Bytes, f.Used);

    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    uint64_t timestamp = (uint64_t)now.tv_sec * 1000000000ull + (uint64_t)now.tv_nsec;

    pthread_mutex_lock(&RingLock);
    w.Used = caseIdOffset;
    PutText(&w, CurrentCaseId, sizeof(CurrentCaseId));
    Put(&w, fieldBytes, f.Used);
    uint64_t sequence = NextSequence++;
    uint32_t total = w.Used;
    if (w.Overflow || f.Overflow || RingHead - RingTail + total > RING_CAPACITY) {
        LostEvents++;
        pthread_mutex_unlock(&RingLock);
        return;
    }
    memcpy(w.Bytes, &total, 4);
    memcpy(w.Bytes + 4, &fieldCount, 4);
    memcpy(w.Bytes + 8, &sequence, 8);
    memcpy(w.Bytes + 16, &timestamp, 8);
    for (uint32_t i = 0; i < total; i++)
        Ring[(RingHead + i) % RING_CAPACITY] = w.Bytes[i];
    RingHead += total;
    pthread_mutex_unlock(&RingLock);
}

uint32_t SimTraceDrain(uint8_t *buffer, uint32_t capacity)
{
    uint32_t written = 0;
    pthread_mutex_lock(&RingLock);
    while (RingTail < RingHead) {
        uint32_t total;
        for (uint32_t i = 0; i < 4; i++)
            ((uint8_t *)&total)[i] = Ring[(RingTail + i) % RING_CAPACITY];
        if (written + total > capacity)
            break;
        for (uint32_t i = 0; i < total; i++)
            buffer[written + i] = Ring[(RingTail + i) % RING_CAPACITY];
        written += total;
        RingTail += total;
    }
    pthread_mutex_unlock(&RingLock);
    return written;
}

uint64_t SimTraceLostCount(void)
{
    pthread_mutex_lock(&RingLock);
    uint64_t lost = LostEvents;
    pthread_mutex_unlock(&RingLock);
    return lost;
}

static uint8_t RingByte(uint64_t position) { return Ring[position % RING_CAPACITY]; }

/* Whether the record at position carries caseId: skip provider and event name, compare the id. */
static int RecordHasCase(uint64_t position, uint32_t total, const char *caseId)
{
    uint32_t at = 24;
    for (int skip = 0; skip < 2; skip++) {
        while (at < total && RingByte(position + at) != 0)
            at++;
        at++;
    }
    for (uint32_t i = 0;; i++, at++) {
        if (at >= total)
            return 0;
        uint8_t c = RingByte(position + at);
        if (c != (uint8_t)caseId[i])
            return 0;
        if (c == 0)
            return 1;
    }
}

/*
 * Runs on the bugcheck path, in a signal handler: no lock, no allocation, only write(). Reading
 * without RingLock is safe here: the thread that faulted is the one that drains the ring (after
 * each case, never during one) and the one whose driver code writes events; its writer copies into
 * the ring from a finished local record, which cannot fault halfway. At most RING_CAPACITY bytes.
 */
void SimTraceDumpCase(int fd, const char *caseId)
{
    static const char Digits[] = "0123456789abcdef";
    char chunk[512];
    uint64_t position = RingTail;
    uint64_t head = RingHead;
    while (position + 24 <= head) {
        uint32_t total = 0;
        for (uint32_t i = 0; i < 4; i++)
            total |= (uint32_t)RingByte(position + i) << (8 * i);
        if (total < 24 || position + total > head)
            return; /* torn: stop rather than write garbage */
        if (RecordHasCase(position, total, caseId)) {
            size_t used = 0;
            memcpy(chunk, "TRACE ", 6);
            used = 6;
            for (uint32_t i = 0; i < total; i++) {
                if (used + 2 > sizeof(chunk)) {
                    if (write(fd, chunk, used) < 0)
                        return;
                    used = 0;
                }
                uint8_t b = RingByte(position + i);
                chunk[used++] = Digits[b >> 4];
                chunk[used++] = Digits[b & 0xF];
            }
            if (used + 1 > sizeof(chunk)) {
                if (write(fd, chunk, used) < 0)
                    return;
                used = 0;
            }
            chunk[used++] = '\n';
            if (write(fd, chunk, used) < 0)
                return;
        }
        position += total;
    }
}
