/*
 * fileaccess.c - the record of every Zw file call the driver made since boot, in call order, for
 * the host to read (SimFileAccessRead). Fixed capacity: a driver that logs forever cannot grow the
 * host; what does not fit is counted.
 */
#include <pthread.h>
#include "files_internal.h"

static SIM_FILE_ACCESS_RECORD Records[SIM_FILE_ACCESS_CAPACITY];
static uint32_t RecordCount;
static uint64_t Dropped;
static pthread_mutex_t RecordLock = PTHREAD_MUTEX_INITIALIZER;

void SimFileAccessAppend(const SIM_FILE_ACCESS_RECORD *record)
{
    pthread_mutex_lock(&RecordLock);
    if (RecordCount < SIM_FILE_ACCESS_CAPACITY)
        Records[RecordCount++] = *record;
    else
        Dropped++;
    pthread_mutex_unlock(&RecordLock);
}

uint32_t SimFileAccessRead(SIM_FILE_ACCESS_RECORD *records, uint32_t capacity, uint64_t *dropped)
{
    pthread_mutex_lock(&RecordLock);
    uint32_t count = RecordCount < capacity ? RecordCount : capacity;
    memcpy(records, Records, (size_t)count * sizeof(Records[0]));
    if (dropped != NULL)
        *dropped = Dropped + (RecordCount - count);
    pthread_mutex_unlock(&RecordLock);
    return count;
}

uint32_t SimFileAccessCount(void)
{
    pthread_mutex_lock(&RecordLock);
    uint32_t count = RecordCount;
    pthread_mutex_unlock(&RecordLock);
    return count;
}

uint32_t SimFileAccessReadFrom(uint32_t first, SIM_FILE_ACCESS_RECORD *records, uint32_t capacity)
{
    pthread_mutex_lock(&RecordLock);
    uint32_t count = first < RecordCount ? RecordCount - first : 0;
    if (count > capacity)
        count = capacity;
    memcpy(records, Records + first, (size_t)count * sizeof(Records[0]));
    pthread_mutex_unlock(&RecordLock);
    return count;
}
