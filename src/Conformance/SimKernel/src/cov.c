/*
 * cov.c - edge coverage of the driver's own code during one dispatch (issue 11): what lets a
 * fuzzer tell that an input took a new path, and discover tell two IOCTL codes' paths apart.
 *
 * The driver's simulator build is compiled with -fsanitize-coverage=trace-pc (edge-coverage.mk):
 * gcc 12 and clang 14 both emit a call to __sanitizer_cov_trace_pc() at the start of every basic
 * block (gcc has no trace-pc-guard, so the guard scheme would work for clang builds only). An edge
 * is the pair (previous block, this block), hashed into a 64 Ki-slot map as AFL does: the block is
 * named by its offset in the driver's module, so the same path gives the same edges in every
 * SimHost process whatever address the loader chose.
 *
 * Like the access trace it records on the dispatching thread only, between the begin and end of
 * the dispatch: the shim is not compiled with the flag, so only the driver's blocks call in. The
 * hot path is a few arithmetic operations and two stores; no syscall, lock or allocation. The map
 * is cleared through the list of slots this call set, so a reset costs what the call hit.
 */
#include "simkernel_internal.h"

#define SIM_TLS __thread __attribute__((tls_model("initial-exec")))

static SIM_TLS int Covering;
static SIM_TLS uint32_t PreviousBlock;
static uintptr_t DriverBase;
static uint8_t Hits[SIM_EDGE_MAP_SIZE];            /* saturating hit count per edge slot       */
static uint16_t Touched[SIM_EDGE_MAP_SIZE];        /* the slots this call set, in first-hit order */
static uint32_t TouchedCount;
static uint64_t CoverageCalls;                     /* blocks entered this call                */

/* A block offset to 32 well-mixed bits (the low 16 index the map, so all bits must vary). */
static inline uint32_t BlockId(uintptr_t offset)
{
    uint64_t x = (uint64_t)offset * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(x >> 32);
}

/* splitmix64's finalizer: the signature adds one of these per distinct edge, so it depends on the
   set of edges only, not on their order or how often each was taken. */
static inline uint64_t Mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

SIM_API void __sanitizer_cov_trace_pc(void)
{
    if (!Covering)
        return;
    uint32_t block = BlockId((uintptr_t)__builtin_return_address(0) - DriverBase);
    uint32_t slot = (block ^ PreviousBlock) & (SIM_EDGE_MAP_SIZE - 1);
    /* Shifted so that A->B and B->A, and a block's edge to itself, stay apart. */
    PreviousBlock = block >> 1;
    CoverageCalls++;
    uint8_t hits = Hits[slot];
    if (hits == 0)
        Touched[TouchedCount++] = (uint16_t)slot; /* at most one entry per slot: never overflows */
    if (hits != UINT8_MAX)
        Hits[slot] = (uint8_t)(hits + 1);
}

void SimEdgeCoverageReset(void)
{
    for (uint32_t i = 0; i < TouchedCount; i++)
        Hits[Touched[i]] = 0;
    TouchedCount = 0;
    CoverageCalls = 0;
}

void SimEdgeCoverageBeginDispatch(void)
{
    DriverBase = SimDriverModuleBase();
    PreviousBlock = 0;
    Covering = 1;
}

void SimEdgeCoverageEndDispatch(void) { Covering = 0; }

int SimEdgeCoverageRead(uint32_t *edgeCount, uint64_t *signature)
{
    uint64_t sum = 0;
    for (uint32_t i = 0; i < TouchedCount; i++)
        sum += Mix64(Touched[i]);
    if (edgeCount != NULL)
        *edgeCount = TouchedCount;
    if (signature != NULL)
        *signature = sum;
    return CoverageCalls > 0;
}

uint32_t SimEdgeCoverageEdges(uint16_t *slots, uint8_t *hits, uint32_t capacity)
{
    uint32_t n = TouchedCount < capacity ? TouchedCount : capacity;
    for (uint32_t i = 0; i < n; i++) {
        slots[i] = Touched[i];
        if (hits != NULL)
            hits[i] = Hits[Touched[i]];
    }
    return n;
}
