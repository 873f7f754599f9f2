/*
 * usermem.c - the user buffers of one case, as real pages in the user region.
 *
 * Each buffer gets its own pages followed by at least one no-access page, so a driver that runs
 * past a buffer meets a real fault. States (DESIGN.md section 4): read-write, read-only,
 * no-access, decommitted ("freed": PROT_NONE + MADV_DONTNEED, the range stays reserved: munmap
 * would let the address be reused at once), guard tail (the buffer's last byte touches the
 * no-access page), NULL, and kernel (canary page for output, secret page for input).
 * Bytes of a buffer's pages outside the buffer are zero.
 *
 * A buffer is built in two steps, placed (pages read-write, filled) and then sealed (its state's
 * protection), so the pointers a case places inside its buffers can be written in between, when
 * both buffers' addresses are known (pointers.c).
 *
 * A buffer's data pages are a memfd mapped shared into the user region, so a locked MDL over them
 * can be mapped a second time at a kernel address (SimUserSystemViewMap): the same pages, as the
 * system PTEs Windows builds for MmGetSystemAddressForMdlSafe are, so re-protecting the user view
 * (the protection racer) does not touch the system view, and writes through it land in the
 * caller's buffer. The no-access page after each buffer stays part of the anonymous reservation.
 *
 * Kept buffers (SimKeepMappings, the fuzzer's mode): placing and releasing a case's buffers costs a
 * dozen syscalls (memfd, ftruncate, mmap, mprotect for the read-back, the release's mmap), which is
 * most of a case. With keeping on, the input and the output each get one slot that stays mapped
 * from case to case: SIM_KEEP_DATA_PAGES read-write pages and the no-access page after them. A
 * buffer that fits is placed so that its last data page is the slot's last, exactly as a fresh
 * buffer ends at its own no-access page; its pages are zeroed and filled in place, and the
 * protection changes only when the buffer's state asks for one (and back at release). A buffer that
 * does not fit is placed fresh after the slots, as without keeping. The pages of a slot before a
 * small buffer's first page are read-write rather than the previous mapping: an underrun of the
 * buffer reads zeros there instead of whatever lay below it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include "simkernel_internal.h"

#define SIM_BACKED_CAPACITY 8u  /* a case places two buffers */
#define SIM_VIEW_CAPACITY   16u /* system views alive at once; more fail as low resources do on Windows */

typedef struct SIM_BACKED_BUFFER {
    uintptr_t Start; /* page-aligned user address of the data pages */
    size_t Length;
    int Fd;
} SIM_BACKED_BUFFER;

typedef struct SIM_SYSTEM_VIEW {
    uintptr_t Start; /* page-aligned kernel address; one no-access page follows */
    size_t Length;
} SIM_SYSTEM_VIEW;

#define SIM_KEEP_DATA_PAGES 4u  /* 16 KiB of data per kept slot */
#define SIM_KEEP_SLOT_PAGES (SIM_KEEP_DATA_PAGES + 1u)

static uintptr_t NextFree; /* bump pointer, reset after each case */
static int Keeping;        /* SimKeepMappings */
static int SlotsReady;     /* slots 0 (input) and 1 (output) are Backed[0] and Backed[1] */
static int SlotProtection[2]; /* the protection last given to (part of) the slot's data pages */
static SIM_BACKED_BUFFER Backed[SIM_BACKED_CAPACITY];
static uint32_t BackedCount;
static SIM_SYSTEM_VIEW Views[SIM_VIEW_CAPACITY];
static uint32_t ViewCount;

int SimUserMemoryInitialize(void)
{
    NextFree = SimUserRegionStart;
    return 0;
}

/* Where the bump pointer starts after a case: past the kept slots when they exist. */
static uintptr_t FirstFree(void)
{
    return SlotsReady ? SimUserRegionStart + 2u * SIM_KEEP_SLOT_PAGES * SIM_PAGE_SIZE : SimUserRegionStart;
}

static size_t PagesFor(size_t bytes) { return (bytes + SIM_PAGE_SIZE - 1) / SIM_PAGE_SIZE; }

static int ProtectionFor(uint32_t state)
{
    switch (state) {
    case SimMemoryReadOnly:
        return PROT_READ;
    case SimMemoryNoAccess:
    case SimMemoryDecommitted:
        return PROT_NONE;
    default:
        return PROT_READ | PROT_WRITE;
    }
}

static uintptr_t PageFloor(uintptr_t a) { return a & ~(uintptr_t)(SIM_PAGE_SIZE - 1); }

static int HasUserPages(uint32_t state)
{
    return state != SimMemoryNull && state != SimMemoryKernel && state != SimMemoryKernelInvalid;
}

/* Pages holding the buffer's bytes: offset + size rounded up, at least one. */
static size_t DataPagesFor(size_t offset, size_t size) { return PagesFor(offset + size) > 0 ? PagesFor(offset + size) : 1; }

/* Map both slots once (at the start of the region, before anything else of a case). */
static int PrepareSlots(void)
{
    if (SlotsReady)
        return 0;
    if (NextFree != SimUserRegionStart || BackedCount != 0)
        return -EBUSY; /* only between cases */
    size_t dataBytes = (size_t)SIM_KEEP_DATA_PAGES * SIM_PAGE_SIZE;
    for (uint32_t slot = 0; slot < 2; slot++) {
        uintptr_t start = SimUserRegionStart + (uintptr_t)slot * SIM_KEEP_SLOT_PAGES * SIM_PAGE_SIZE;
        int fd = memfd_create("simkernel-kept-buffer", MFD_CLOEXEC);
        if (fd < 0)
            return -errno;
        if (ftruncate(fd, (off_t)dataBytes) != 0 ||
            mmap((void *)start, dataBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
            int error = errno;
            close(fd);
            return -error;
        }
        Backed[BackedCount++] = (SIM_BACKED_BUFFER){ start, dataBytes, fd };
        SlotProtection[slot] = PROT_READ | PROT_WRITE;
    }
    SlotsReady = 1;
    NextFree = FirstFree();
    return 0;
}

static int PlaceInSlot(const SIM_BUFFER_SPEC *spec, int isOutput, size_t dataPages, size_t offset, void **address)
{
    const SIM_BACKED_BUFFER *slot = &Backed[isOutput ? 1 : 0];
    uint8_t *data = (uint8_t *)(slot->Start + slot->Length - dataPages * SIM_PAGE_SIZE);
    /* The pages a fresh buffer would have: zero outside the buffer, fill and content inside. */
    memset(data, 0, dataPages * SIM_PAGE_SIZE);
    uint8_t *start = data + offset;
    memset(start, (int)(spec->FillByte & 0xFF), spec->Size);
    if (spec->ContentLength > 0)
        memcpy(start, spec->Content, spec->ContentLength);
    *address = start;
    return 0;
}

void SimUserBuffersKeep(int keep)
{
    Keeping = keep != 0;
}

void SimKeepMappings(int keep)
{
    SimUserBuffersKeep(keep);
    SimPoolRecycle(keep);
}

/* A kept slot holding address, or -1. */
static int SlotOf(const void *address)
{
    if (!SlotsReady)
        return -1;
    for (int slot = 0; slot < 2; slot++)
        if ((uintptr_t)address >= Backed[slot].Start && (uintptr_t)address < Backed[slot].Start + Backed[slot].Length)
            return slot;
    return -1;
}

int SimUserBufferPlace(const SIM_BUFFER_SPEC *spec, int isOutput, void **address)
{
    switch (spec->State) {
    case SimMemoryNull:
        *address = NULL;
        return 0;
    case SimMemoryKernel:
        *address = (void *)(isOutput ? SimKernelCanaryAddress : SimKernelSecretAddress);
        return 0;
    case SimMemoryKernelInvalid:
        *address = (void *)SimKernelUnmappedAddress();
        return 0;
    case SimMemoryReadWrite:
    case SimMemoryReadOnly:
    case SimMemoryNoAccess:
    case SimMemoryDecommitted:
    case SimMemoryGuardTail:
        break;
    default:
        return -EINVAL;
    }
    if (spec->Offset >= SIM_PAGE_SIZE || spec->ContentLength > spec->Size)
        return -EINVAL;

    size_t dataPages;
    size_t offset;
    if (spec->State == SimMemoryGuardTail) {
        dataPages = DataPagesFor(0, spec->Size);
        offset = dataPages * SIM_PAGE_SIZE - spec->Size;
    } else {
        offset = spec->Offset;
        dataPages = DataPagesFor(offset, spec->Size);
    }
    if (Keeping && dataPages <= SIM_KEEP_DATA_PAGES && PrepareSlots() == 0)
        return PlaceInSlot(spec, isOutput, dataPages, offset, address);
    uintptr_t base = NextFree;
    size_t total = (dataPages + 1) * SIM_PAGE_SIZE; /* + the no-access page after it */
    if (base + total > MmUserProbeAddress)
        return -ENOMEM;
    NextFree += total;

    uint8_t *data = (uint8_t *)base;
    size_t dataBytes = dataPages * SIM_PAGE_SIZE;
    if (BackedCount >= SIM_BACKED_CAPACITY)
        return -ENOMEM;
    int fd = memfd_create("simkernel-user-buffer", MFD_CLOEXEC);
    if (fd < 0)
        return -errno;
    if (ftruncate(fd, (off_t)dataBytes) != 0 ||
        mmap(data, dataBytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0) == MAP_FAILED) {
        int error = errno;
        close(fd);
        return -error;
    }
    Backed[BackedCount++] = (SIM_BACKED_BUFFER){ base, dataBytes, fd };
    uint8_t *start = data + offset;
    memset(start, (int)(spec->FillByte & 0xFF), spec->Size);
    if (spec->ContentLength > 0)
        memcpy(start, spec->Content, spec->ContentLength);
    *address = start;
    return 0;
}

int SimUserBufferSeal(const SIM_BUFFER_SPEC *spec, void *address)
{
    int protection = ProtectionFor(spec->State);
    if (!HasUserPages(spec->State) || protection == (PROT_READ | PROT_WRITE))
        return 0; /* the guard tail is read-write: its offset is not spec->Offset, and nothing is to do */
    uint8_t *data = (uint8_t *)PageFloor((uintptr_t)address);
    size_t bytes = DataPagesFor(spec->Offset, spec->Size) * SIM_PAGE_SIZE;
    if (mprotect(data, bytes, protection) != 0)
        return -errno;
    int slot = SlotOf(data);
    if (slot >= 0)
        SlotProtection[slot] = protection; /* back to read-write at release */
    if (spec->State == SimMemoryDecommitted) {
        /* Shared pages outlive MADV_DONTNEED: punch them out of the memfd so the contents are gone. */
        for (uint32_t i = 0; i < BackedCount; i++)
            if ((Backed[i].Start == (uintptr_t)data || (slot >= 0 && (uint32_t)slot == i)) &&
                fallocate(Backed[i].Fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, (off_t)Backed[i].Length) != 0)
                return -errno;
        if (madvise(data, bytes, MADV_DONTNEED) != 0)
            return -errno;
    }
    return 0;
}

int SimUserBufferWrite(const SIM_BUFFER_SPEC *spec, void *address, uint32_t offset, const void *bytes, uint32_t length)
{
    if ((uint64_t)offset + length > spec->Size)
        return -EINVAL;
    if (HasUserPages(spec->State)) /* NULL and kernel pointers have no user bytes to hold it */
        memcpy((uint8_t *)address + offset, bytes, length);
    return 0;
}

int SimUserNoAccessPage(void **address)
{
    /* The region is reserved PROT_NONE and released pages go back to PROT_NONE: taking the page
       from the bump pointer is all it needs, and no other buffer of the case can land on it. */
    if (NextFree + SIM_PAGE_SIZE > MmUserProbeAddress)
        return -ENOMEM;
    *address = (void *)NextFree;
    NextFree += SIM_PAGE_SIZE;
    return 0;
}

int SimUserBufferReadBack(const SIM_BUFFER_SPEC *spec, const void *address, uint8_t *out, uint32_t capacity)
{
    if (address == NULL || out == NULL || capacity < spec->Size)
        return 0;
    switch (spec->State) {
    case SimMemoryNull:
    case SimMemoryKernel:
    case SimMemoryKernelInvalid:
    case SimMemoryDecommitted: /* its contents are gone by definition */
        return 0;
    default:
        break;
    }
    uintptr_t first = PageFloor((uintptr_t)address);
    uintptr_t last = PageFloor((uintptr_t)address + spec->Size + SIM_PAGE_SIZE - 1);
    if (last == first)
        last = first + SIM_PAGE_SIZE;
    /* The pages are released right after this, so they may stay readable. A kept slot that is still
       readable needs no change (its pages after the buffer are the no-access one). */
    int slot = SlotOf(address);
    if (slot >= 0 && (SlotProtection[slot] & PROT_READ) != 0) {
        memcpy(out, address, spec->Size);
        return 1;
    }
    if (mprotect((void *)first, last - first, PROT_READ) != 0)
        return 0;
    if (slot >= 0)
        SlotProtection[slot] = PROT_READ;
    memcpy(out, address, spec->Size);
    return 1;
}

void SimUserBufferSetProtection(const SIM_BUFFER_SPEC *spec, const void *address, int accessible)
{
    uintptr_t first = PageFloor((uintptr_t)address);
    uintptr_t last = PageFloor((uintptr_t)address + spec->Size + SIM_PAGE_SIZE - 1);
    if (last == first)
        last = first + SIM_PAGE_SIZE;
    int protection = accessible ? ProtectionFor(spec->State) : PROT_NONE;
    mprotect((void *)first, last - first, protection);
    int slot = SlotOf(address);
    if (slot >= 0)
        SlotProtection[slot] = protection; /* the racer's thread: read back after it stopped */
}

uintptr_t SimUserSystemViewMap(uintptr_t start, size_t length)
{
    uintptr_t first = PageFloor(start);
    size_t bytes = PageFloor(start + length + SIM_PAGE_SIZE - 1) - first;
    if (bytes == 0)
        bytes = SIM_PAGE_SIZE;
    const SIM_BACKED_BUFFER *buffer = NULL;
    for (uint32_t i = 0; i < BackedCount; i++)
        if (Backed[i].Start <= first && first + bytes <= Backed[i].Start + Backed[i].Length)
            buffer = &Backed[i];
    if (buffer == NULL || ViewCount >= SIM_VIEW_CAPACITY)
        return 0;
    /* Reserved with one no-access page more, so a driver running past the view faults there instead
       of landing in whatever mapping the host placed next to it. */
    uint8_t *view = mmap(NULL, bytes + SIM_PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (view == MAP_FAILED)
        return 0;
    if ((uintptr_t)view < MmUserProbeAddress ||
        mmap(view, bytes, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, buffer->Fd, (off_t)(first - buffer->Start)) ==
            MAP_FAILED) {
        munmap(view, bytes + SIM_PAGE_SIZE); /* a system view must be a kernel address */
        return 0;
    }
    Views[ViewCount++] = (SIM_SYSTEM_VIEW){ (uintptr_t)view, bytes + SIM_PAGE_SIZE };
    return (uintptr_t)view + (start - first);
}

void SimUserSystemViewUnmap(uintptr_t address)
{
    for (uint32_t i = 0; i < ViewCount; i++) {
        if (Views[i].Start <= address && address < Views[i].Start + Views[i].Length) {
            munmap((void *)Views[i].Start, Views[i].Length);
            Views[i] = Views[--ViewCount];
            return;
        }
    }
}

void SimUserBuffersReleaseAll(void)
{
    /* Views a driver left mapped (an MDL it never unlocked or freed) end with the case. */
    while (ViewCount > 0)
        SimUserSystemViewUnmap(Views[0].Start);
    uintptr_t first = Keeping ? FirstFree() : SimUserRegionStart;
    if (NextFree > first) {
        /* Back to the anonymous reservation: drops the shared mappings, and the next case starts
           from zero pages. */
        mmap((void *)first, NextFree - first, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    }
    uint32_t kept = Keeping && SlotsReady ? 2u : 0u;
    for (uint32_t i = kept; i < BackedCount; i++)
        close(Backed[i].Fd);
    BackedCount = kept;
    if (kept == 0)
        SlotsReady = 0; /* keeping was switched off: the slots went with the rest */
    for (uint32_t slot = 0; slot < kept; slot++) {
        if (SlotProtection[slot] != (PROT_READ | PROT_WRITE)) {
            mprotect((void *)Backed[slot].Start, Backed[slot].Length, PROT_READ | PROT_WRITE);
            SlotProtection[slot] = PROT_READ | PROT_WRITE;
        }
    }
    NextFree = first;
}
