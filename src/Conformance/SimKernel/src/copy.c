/*
 * copy.c - the driver's memcpy, memmove and memset, as the Windows kernel's behave: forward, one
 * ascending pass that writes each byte as soon as it has read it (<wdm.h> maps the driver's calls
 * here; asan_callbacks.c wraps them for the access trace).
 *
 * Why not glibc's: for a large length glibc copies the last bytes of the source first, so a copy
 * that runs past its source faults before it has written anything, and a stack or pool overrun
 * that Windows would suffer (and report: /GS cookie, special pool guard) became a clean
 * STATUS_ACCESS_VIOLATION here. With an ascending copy the destination's neighbours are
 * overwritten up to the fault, as in the kernel. `rep movsb`/`rep stosb` with the direction flag
 * clear are exactly that and are fast for every size on CPUs with ERMS. memmove copies backward
 * only when the destination overlaps the source from above, as any memmove must.
 */
#include "simkernel_internal.h"

static void *SimForwardCopy(void *destination, const void *source, size_t length)
{
    void *d = destination;
    __asm__ volatile("cld\n\trep movsb" : "+D"(d), "+S"(source), "+c"(length) : : "memory");
    return destination;
}

SIM_API void *SimKernelMemcpy(void *destination, const void *source, size_t length)
{
    return SimForwardCopy(destination, source, length);
}

SIM_API void *SimKernelMemmove(void *destination, const void *source, size_t length)
{
    uintptr_t d = (uintptr_t)destination, s = (uintptr_t)source;
    if (d <= s || d - s >= length)
        return SimForwardCopy(destination, source, length);
    /* Overlap from above: descending, from the last byte. */
    void *last = (uint8_t *)destination + length - 1;
    const void *sourceLast = (const uint8_t *)source + length - 1;
    __asm__ volatile("std\n\trep movsb\n\tcld" : "+D"(last), "+S"(sourceLast), "+c"(length) : : "memory");
    return destination;
}

SIM_API void *SimKernelMemset(void *destination, int value, size_t length)
{
    void *d = destination;
    __asm__ volatile("cld\n\trep stosb" : "+D"(d), "+c"(length) : "a"(value) : "memory");
    return destination;
}
