/*
 * boot.c - the simulated machine's address space.
 *
 *   [0, 64 KiB)                      NULL page region: user, never mapped
 *   [UserRegionStart, MmUserProbeAddress)  the user region: every user buffer lives here
 *   >= MmUserProbeAddress            kernel: canary page, secret page, special pool, and
 *                                    everything else in this process (.NET, libc, stacks)
 * As on Windows, user space is everything below MmUserProbeAddress (ProbeForRead checks only
 * that bound); the region is where SimHost places the buffers it builds.
 *
 * P5: x64 Windows gives a process about 128 TiB of user space (exact MmUserProbeAddress UNVERIFIED),
 * so a probe of a few GiB from a user buffer passes there; a small region here would make it raise
 * and hide the integer-overflow bugs that sit behind such probes. The region is therefore as large
 * as this process allows below the kernel pages: from 4 GiB up to KERNEL_PAGES_HINT (about 32 TiB),
 * halved until the reservation succeeds. Reserving PROT_NONE + MAP_NORESERVE costs no memory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <string.h>
#include "simkernel_internal.h"

#define USER_REGION_HINT   0x100000000ull    /* 4 GiB: far below the .NET/libc mappings */
#define KERNEL_PAGES_HINT  0x200000000000ull /* 32 TiB: the user region ends at or below it */
#define USER_REGION_MIN    (1ull << 30)
#define POOL_POISON_BYTE   0xD3
#define STACK_POISON_BYTE  0xC7
#define CANARY_PATTERN     "KCANARY!"

ULONG_PTR MmUserProbeAddress;
uintptr_t SimUserRegionStart;
uintptr_t SimKernelCanaryAddress;
uintptr_t SimKernelSecretAddress;
static uint8_t KernelSecret[32];
static int Booted;

int SimIsUserAddress(uintptr_t address) { return address < MmUserProbeAddress; }

static void *ReserveAt(uintptr_t hint, size_t size)
{
    void *p = mmap((void *)hint, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE,
                   -1, 0);
    if (p == MAP_FAILED) /* something already lives there: let the kernel choose */
        p = mmap(NULL, size, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}

/* The largest region at USER_REGION_HINT that fits below the kernel pages (see the header). */
static void *ReserveUserRegion(size_t *size)
{
    for (size_t want = KERNEL_PAGES_HINT - USER_REGION_HINT; want >= USER_REGION_MIN; want /= 2) {
        void *p = mmap((void *)USER_REGION_HINT, want, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
        if (p != MAP_FAILED && p == (void *)USER_REGION_HINT) {
            *size = want;
            return p;
        }
        if (p != MAP_FAILED) /* a kernel without MAP_FIXED_NOREPLACE took it as a hint: not ours to keep */
            munmap(p, want);
    }
    *size = USER_REGION_MIN;
    return ReserveAt(USER_REGION_HINT, USER_REGION_MIN);
}

static void FillCanary(uint8_t *page)
{
    for (size_t i = 0; i < SIM_PAGE_SIZE; i++)
        page[i] = (uint8_t)CANARY_PATTERN[i % 8];
}

static void FillSecret(uint8_t *page)
{
    /* The secret repeats over its page so any read of it, at any offset, carries secret bytes. */
    for (size_t i = 0; i < SIM_PAGE_SIZE; i++)
        page[i] = KernelSecret[i % sizeof(KernelSecret)];
}

uintptr_t SimKernelUnmappedAddress(void) { return SimKernelCanaryAddress + SIM_PAGE_SIZE; }

/* The secret page is kernel memory a driver must not write either: a case can aim a pointer at it
   (write-NULL through kernel_secret), so its bytes are checked with the canary's. */
/* Checked after every case: word compares against the pages' own pattern (both repeat with a period that
   divides 32 bytes), not a byte loop with a modulo. */
int SimKernelCanaryIntact(void)
{
    const uint8_t *page = (const uint8_t *)SimKernelCanaryAddress;
    const uint8_t *secret = (const uint8_t *)SimKernelSecretAddress;
    uint8_t canary[sizeof(KernelSecret)];
    for (size_t i = 0; i < sizeof(canary); i++)
        canary[i] = (uint8_t)CANARY_PATTERN[i % 8];
    for (size_t i = 0; i < SIM_PAGE_SIZE; i += sizeof(KernelSecret))
        if (memcmp(page + i, canary, sizeof(canary)) != 0 || memcmp(secret + i, KernelSecret, sizeof(KernelSecret)) != 0)
            return 0;
    return 1;
}

void SimKernelCanaryRestore(void)
{
    FillCanary((uint8_t *)SimKernelCanaryAddress);
    FillSecret((uint8_t *)SimKernelSecretAddress);
}

static int PlantKernelPages(const uint8_t *secret, uint32_t secretLength)
{
    /* canary, guard, secret, guard: a driver overrunning one does not reach the other */
    uint8_t *pages = ReserveAt(KERNEL_PAGES_HINT, 4 * SIM_PAGE_SIZE);
    if (pages == NULL || (uintptr_t)pages < MmUserProbeAddress)
        return -ENOMEM;
    if (mprotect(pages, SIM_PAGE_SIZE, PROT_READ | PROT_WRITE) != 0 ||
        mprotect(pages + 2 * SIM_PAGE_SIZE, SIM_PAGE_SIZE, PROT_READ | PROT_WRITE) != 0)
        return -errno;
    SimKernelCanaryAddress = (uintptr_t)pages;
    SimKernelSecretAddress = (uintptr_t)(pages + 2 * SIM_PAGE_SIZE);
    FillCanary(pages);
    /* A run draws its secret once and gives it to every boot, so a leak seen before a restart (or before the
       run was interrupted) is judged against the bytes that leaked; without one, a random secret per boot. */
    if (secret != NULL && secretLength == sizeof(KernelSecret))
        memcpy(KernelSecret, secret, sizeof(KernelSecret));
    else if (secret != NULL || secretLength != 0)
        return -EINVAL;
    else if (getrandom(KernelSecret, sizeof(KernelSecret), 0) != (ssize_t)sizeof(KernelSecret))
        return -EIO;
    FillSecret((uint8_t *)SimKernelSecretAddress);
    return 0;
}

int SimKernelBoot(int bugcheckFd, const uint8_t *secret, uint32_t secretLength, SIM_KERNEL_INFO *info)
{
    if (!Booted) {
        size_t size = 0;
        void *user = ReserveUserRegion(&size);
        if (user == NULL)
            return -ENOMEM;
        SimUserRegionStart = (uintptr_t)user;
        MmUserProbeAddress = SimUserRegionStart + size;
        int rc = PlantKernelPages(secret, secretLength);
        if (rc == 0)
            rc = SimPoolInitialize();
        if (rc == 0)
            rc = SimUserMemoryInitialize();
        if (rc == 0 && SimSehInstall() != 0)
            rc = -errno;
        if (rc != 0)
            return rc;
        Booted = 1;
    }
    SimBugcheckSetFd(bugcheckFd);
    if (info != NULL) {
        memset(info, 0, sizeof(*info));
        info->UserRegionStart = SimUserRegionStart;
        info->MmUserProbeAddress = MmUserProbeAddress;
        info->KernelCanaryAddress = SimKernelCanaryAddress;
        info->KernelSecretAddress = SimKernelSecretAddress;
        memcpy(info->KernelSecret, KernelSecret, sizeof(KernelSecret));
        info->PoolPoisonByte = POOL_POISON_BYTE;
        info->StackPoisonByte = STACK_POISON_BYTE;
        info->PageSize = SIM_PAGE_SIZE;
    }
    return 0;
}

uint8_t SimPoolPoisonByte(void) { return POOL_POISON_BYTE; }
uint8_t SimStackPoisonByte(void) { return STACK_POISON_BYTE; }
