/*
 * pool.c - special pool, always on (Driver Verifier's special pool is the model).
 *
 * Every allocation gets its own pages inside a reserved kernel arena and ends exactly against a
 * no-access guard page, so reading or writing one byte past the end faults at once (bugcheck
 * 0xCD). Freed allocations become no-access and their addresses are not handed out again until
 * the arena wraps, so a use after free faults (bugcheck 0xCC). New allocations are filled with
 * the pool poison byte unless zeroing was asked for, so uninitialized bytes that reach a user
 * buffer are recognisable. The header with size and tag sits at the start of the first page.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sys/mman.h>
#include "simkernel_internal.h"

#define POOL_ARENA_HINT  0x300000000000ull
#define POOL_ARENA_PAGES (128u * 1024u) /* 512 MiB of address space */
#define POOL_HEADER_MAGIC 0x4C4F4F50u    /* 'POOL' */

/* PageRecycled: freed while recycling (SimKeepMappings), still mapped, waiting to be handed out again. */
enum { PageNever = 0, PageLive = 1, PageGuard = 2, PageFreed = 3, PageRecycled = 4 };

/* Recycling (the fuzzer's mode, SimKeepMappings): a freed allocation keeps its pages mapped and the
   next allocation of the same page count takes them back without a protection change. Without it
   every allocation costs an mprotect and every free an mprotect and an madvise, most of a fuzzing
   exec. The price: a use after free in that mode reads or writes the poisoned recycled pages
   instead of faulting; a reproducer replays with recycling off and faults. */
#define POOL_RECYCLE_CAPACITY 64u
static int Recycling;
static uint32_t RecycledFirst[POOL_RECYCLE_CAPACITY], RecycledPages[POOL_RECYCLE_CAPACITY];
static uint32_t RecycledCount;

typedef struct POOL_HEADER {
    uint32_t Magic;
    uint32_t Tag;
    uint64_t Bytes;
    uint32_t Pages; /* data pages, without the guard */
    uint32_t Reserved;
} POOL_HEADER;

static uint8_t *Arena;
static uint8_t PageState[POOL_ARENA_PAGES]; /* read from the fault handler: plain bytes only */
static uint32_t PageOwner[POOL_ARENA_PAGES]; /* first page of the allocation a live page belongs to */
static uint32_t NextPage;
static pthread_mutex_t PoolLock = PTHREAD_MUTEX_INITIALIZER;

int SimPoolInitialize(void)
{
    Arena = mmap((void *)POOL_ARENA_HINT, (size_t)POOL_ARENA_PAGES * SIM_PAGE_SIZE, PROT_NONE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (Arena == MAP_FAILED)
        Arena = mmap(NULL, (size_t)POOL_ARENA_PAGES * SIM_PAGE_SIZE, PROT_NONE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (Arena == MAP_FAILED)
        return -ENOMEM;
    if ((uintptr_t)Arena < MmUserProbeAddress)
        return -ENOMEM; /* pool must be kernel memory */
    return 0;
}

uint32_t SimPoolFaultBugcheck(uintptr_t address)
{
    if (Arena == NULL || address < (uintptr_t)Arena ||
        address >= (uintptr_t)Arena + (uintptr_t)POOL_ARENA_PAGES * SIM_PAGE_SIZE)
        return 0;
    switch (PageState[(address - (uintptr_t)Arena) / SIM_PAGE_SIZE]) {
    case PageFreed:
    case PageRecycled:
        return BUGCHECK_PAGE_FAULT_IN_FREED_SPECIAL_POOL;
    case PageGuard:
        return BUGCHECK_PAGE_FAULT_BEYOND_END_OF_ALLOCATION;
    default:
        return BUGCHECK_PAGE_FAULT_IN_NONPAGED_AREA;
    }
}

/*
 * Find `count` consecutive non-live pages at or after NextPage, wrapping to the start of the
 * arena once: freed pages are reused only after a whole lap (the quarantine), and a long-lived
 * allocation (a device extension) is stepped over instead of blocking the wrap.
 */
static int FindFreeRun(uint32_t count, uint32_t *first)
{
    uint32_t start = NextPage;
    uint32_t scanned = 0;
    while (scanned < POOL_ARENA_PAGES + count) {
        if (start + count > POOL_ARENA_PAGES) {
            scanned += POOL_ARENA_PAGES - start;
            start = 0;
            continue;
        }
        uint32_t live = count;
        for (uint32_t i = 0; i < count; i++) {
            /* A guard page belongs to a live allocation (freeing marks it freed): keep it too. */
            if (PageState[start + i] == PageLive || PageState[start + i] == PageGuard ||
                PageState[start + i] == PageRecycled) {
                live = i;
                break;
            }
        }
        if (live == count) {
            *first = start;
            return 1;
        }
        scanned += live + 1;
        start += live + 1;
    }
    return 0;
}

static void SetPages(uint32_t first, uint32_t count, uint8_t state)
{
    memset(&PageState[first], state, count);
}

/* Under PoolLock. */
static int TakeRecycled(uint32_t pages, uint32_t *first)
{
    for (uint32_t i = 0; i < RecycledCount; i++) {
        if (RecycledPages[i] == pages) {
            *first = RecycledFirst[i];
            RecycledCount--;
            RecycledFirst[i] = RecycledFirst[RecycledCount];
            RecycledPages[i] = RecycledPages[RecycledCount];
            return 1;
        }
    }
    return 0;
}

/* Under PoolLock: the ordinary free of a run (no access, contents dropped). */
static void ReleaseRun(uint32_t page, uint32_t pages)
{
    SetPages(page, pages, PageFreed);
    SetPages(page + pages, 1, PageFreed);
    uint8_t *base = Arena + (size_t)page * SIM_PAGE_SIZE;
    mprotect(base, (size_t)pages * SIM_PAGE_SIZE, PROT_NONE);
    madvise(base, (size_t)pages * SIM_PAGE_SIZE, MADV_DONTNEED);
}

void SimPoolRecycle(int on)
{
    pthread_mutex_lock(&PoolLock);
    Recycling = on != 0;
    if (!Recycling) {
        while (RecycledCount > 0) {
            RecycledCount--;
            ReleaseRun(RecycledFirst[RecycledCount], RecycledPages[RecycledCount]);
        }
    }
    pthread_mutex_unlock(&PoolLock);
}

PVOID SimPoolAllocate(SIZE_T bytes, int zero, ULONG tag)
{
    if (bytes > (SIZE_T)64 * 1024 * 1024)
        return NULL; /* as a real pool would fail a request this large */
    uint32_t pages = (uint32_t)((bytes + sizeof(POOL_HEADER) + SIM_PAGE_SIZE - 1) / SIM_PAGE_SIZE);
    pthread_mutex_lock(&PoolLock);
    uint32_t first;
    uint8_t *base;
    if (TakeRecycled(pages, &first)) {
        base = Arena + (size_t)first * SIM_PAGE_SIZE; /* still read-write: no syscall */
    } else {
        if (!FindFreeRun(pages + 1, &first)) {
            pthread_mutex_unlock(&PoolLock);
            return NULL; /* the whole arena is live: a real pool would be exhausted too */
        }
        NextPage = first + pages + 1;
        base = Arena + (size_t)first * SIM_PAGE_SIZE;
        if (mprotect(base, (size_t)pages * SIM_PAGE_SIZE, PROT_READ | PROT_WRITE) != 0) {
            pthread_mutex_unlock(&PoolLock);
            return NULL;
        }
    }
    SetPages(first, pages, PageLive);
    SetPages(first + pages, 1, PageGuard);
    for (uint32_t i = 0; i < pages; i++)
        PageOwner[first + i] = first;
    pthread_mutex_unlock(&PoolLock);

    uint8_t *end = base + (size_t)pages * SIM_PAGE_SIZE;
    uint8_t *p = end - bytes;
    POOL_HEADER *header = (POOL_HEADER *)base;
    header->Magic = POOL_HEADER_MAGIC;
    header->Tag = tag;
    header->Bytes = bytes;
    header->Pages = pages;
    uint8_t *slackStart = base + sizeof(POOL_HEADER);
    memset(slackStart, SimPoolPoisonByte(), (size_t)(p - slackStart));
    memset(p, zero ? 0 : SimPoolPoisonByte(), bytes);
    return p;
}

void SimPoolFree(PVOID pointer)
{
    uintptr_t p = (uintptr_t)pointer;
    if (p < (uintptr_t)Arena || p >= (uintptr_t)Arena + (uintptr_t)POOL_ARENA_PAGES * SIM_PAGE_SIZE)
        SimBugcheck(BUGCHECK_BAD_POOL_CALLER, 0x46 /* free of a non-pool address */, p, 0, 0, p,
                    (uint64_t)(uintptr_t)__builtin_return_address(0));
    uint32_t page = (uint32_t)((p - (uintptr_t)Arena) / SIM_PAGE_SIZE);
    if (PageState[page] != PageLive)
        SimBugcheck(BUGCHECK_BAD_POOL_CALLER, 7 /* double free */, p, 0, 0, p,
                    (uint64_t)(uintptr_t)__builtin_return_address(0));
    page = PageOwner[page];
    POOL_HEADER *header = (POOL_HEADER *)(Arena + (size_t)page * SIM_PAGE_SIZE);
    uint8_t *end = (uint8_t *)header + (size_t)header->Pages * SIM_PAGE_SIZE;
    if (header->Magic != POOL_HEADER_MAGIC || (uintptr_t)(end - header->Bytes) != p)
        SimBugcheck(BUGCHECK_BAD_POOL_CALLER, 0x44 /* bad pointer */, p, 0, 0, p,
                    (uint64_t)(uintptr_t)__builtin_return_address(0));
    /* An underrun into the slack before the allocation is corruption, found at free time. */
    uint8_t poison = SimPoolPoisonByte(); /* once: an exported function is a call per byte otherwise */
    for (uint8_t *s = (uint8_t *)(header + 1); s < (uint8_t *)p; s++)
        if (*s != poison)
            SimBugcheck(BUGCHECK_SPECIAL_POOL_DETECTED_MEMORY_CORRUPTION, p, (uintptr_t)s, header->Bytes, 0x24,
                        (uintptr_t)s, (uint64_t)(uintptr_t)__builtin_return_address(0));
    uint32_t pages = header->Pages;
    pthread_mutex_lock(&PoolLock);
    if (Recycling && RecycledCount < POOL_RECYCLE_CAPACITY) {
        /* Poisoned, so a use after free reads the pool's poison, not the old contents. */
        memset(header, poison, (size_t)pages * SIM_PAGE_SIZE);
        SetPages(page, pages, PageRecycled);
        RecycledFirst[RecycledCount] = page;
        RecycledPages[RecycledCount++] = pages;
    } else {
        ReleaseRun(page, pages);
    }
    pthread_mutex_unlock(&PoolLock);
}

/* ---- The DDK's pool routines ---- */

PVOID ExAllocatePool2(POOL_FLAGS Flags, SIZE_T NumberOfBytes, ULONG Tag)
{
    /* ExAllocatePool2 zeroes unless POOL_FLAG_UNINITIALIZED (docs: nf-wdm-exallocatepool2). */
    PVOID p = SimPoolAllocate(NumberOfBytes, (Flags & POOL_FLAG_UNINITIALIZED) == 0, Tag);
    if (p == NULL && (Flags & POOL_FLAG_RAISE_ON_FAILURE))
        ExRaiseStatus(STATUS_INSUFFICIENT_RESOURCES);
    return p;
}

PVOID ExAllocatePoolWithTag(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    (void)PoolType;
    return SimPoolAllocate(NumberOfBytes, 0, Tag); /* not zeroed, as documented */
}

PVOID ExAllocatePool(POOL_TYPE PoolType, SIZE_T NumberOfBytes)
{
    return ExAllocatePoolWithTag(PoolType, NumberOfBytes, 'enoN');
}

PVOID ExAllocatePoolZero(POOL_TYPE PoolType, SIZE_T NumberOfBytes, ULONG Tag)
{
    (void)PoolType;
    return SimPoolAllocate(NumberOfBytes, 1, Tag);
}

VOID ExFreePoolWithTag(PVOID P, ULONG Tag)
{
    (void)Tag;
    SimPoolFree(P);
}

VOID ExFreePool(PVOID P) { SimPoolFree(P); }
