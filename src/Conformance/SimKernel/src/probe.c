/*
 * probe.c - ProbeForRead / ProbeForWrite with the documented rules (reference B1):
 * Length 0 checks nothing; misalignment is reported before the range (STATUS_DATATYPE_MISALIGNMENT);
 * wrap-around or an end beyond MmUserProbeAddress raises STATUS_ACCESS_VIOLATION;
 * ProbeForRead touches no memory (a freed buffer passes and faults later);
 * ProbeForWrite touches every page for write, so read-only and no-access pages raise.
 */
#include "simkernel_internal.h"

static void CheckAlignmentAndRange(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    uintptr_t start = (uintptr_t)Address;
    /* Alignment 0 (P3): the docs are silent; ReactOS exintrin.c masks with Alignment - 1, all ones, so
       every address but 0 is misaligned. UNVERIFIED on Windows. */
    if ((start & ((uintptr_t)Alignment - 1)) != 0)
        ExRaiseDatatypeMisalignment();
    uintptr_t end = start + Length;
    if (end < start || end > MmUserProbeAddress)
        ExRaiseAccessViolation();
}

VOID ProbeForRead(const volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (Length == 0)
        return;
    CheckAlignmentAndRange(Address, Length, Alignment);
    SimAccessNoteProbe((uintptr_t)Address, Length, 0);
}

VOID ProbeForWrite(volatile VOID *Address, SIZE_T Length, ULONG Alignment)
{
    if (Length == 0)
        return;
    CheckAlignmentAndRange(Address, Length, Alignment);
    /* Touch each page for write: read a byte and write it back, as Windows does. */
    volatile UCHAR *p = (volatile UCHAR *)Address;
    volatile UCHAR *last = p + Length - 1;
    for (;;) {
        *p = *p;
        uintptr_t nextPage = ((uintptr_t)p & ~(uintptr_t)(SIM_PAGE_SIZE - 1)) + SIM_PAGE_SIZE;
        if (nextPage > (uintptr_t)last)
            break;
        p = (volatile UCHAR *)nextPage;
    }
    *last = *last;
    SimAccessNoteProbe((uintptr_t)Address, Length, 1);
}
