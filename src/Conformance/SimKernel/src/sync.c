/*
 * sync.c - spin locks and fast mutexes (<wdm.h>), for drivers that guard their device extension
 * with them. The simulator dispatches one request at a time, so the only contention a lock meets is
 * the driver's own: taking a lock it already holds. On Windows that never returns (a spin lock on
 * one processor at DISPATCH_LEVEL spins for ever; fast mutexes are not recursive,
 * nf-wdm-exacquirefastmutex), so here it spins too and the case ends as a HANG. IRQL is not
 * modelled (KeGetCurrentIrql stays PASSIVE_LEVEL, seh.c).
 */
#include <pthread.h>
#include <sched.h>
#include "simkernel_internal.h"

/* nf-wdm-keinitializespinlock: "initializes a variable of type KSPIN_LOCK" (to the free state). */
VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock)
{
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

static void SpinAcquire(PKSPIN_LOCK SpinLock)
{
    while (__atomic_exchange_n(SpinLock, 1, __ATOMIC_ACQUIRE) != 0)
        sched_yield();
}

/* nf-wdm-keacquirespinlock (the x64 macro calls KeAcquireSpinLockRaiseToDpc): raises to
   DISPATCH_LEVEL, acquires, and returns the previous IRQL for KeReleaseSpinLock. */
KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock)
{
    KIRQL old = KeGetCurrentIrql();
    SpinAcquire(SpinLock);
    return old;
}

/* nf-wdm-kereleasespinlock: releases and restores the IRQL the acquire returned. */
VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql)
{
    (void)NewIrql;
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

/* nf-wdm-keacquirespinlockatdpclevel: the caller is already at DISPATCH_LEVEL; no IRQL change. */
VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock)
{
    SpinAcquire(SpinLock);
}

/* nf-wdm-kereleasespinlockfromdpclevel */
VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock)
{
    __atomic_store_n(SpinLock, 0, __ATOMIC_RELEASE);
}

/* nf-wdm-exinitializefastmutex: initializes the mutex to the unowned state. */
VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex)
{
    FastMutex->Owner = NULL;
    FastMutex->Contention = 0;
    FastMutex->OldIrql = PASSIVE_LEVEL;
    __atomic_store_n(&FastMutex->Count, 1, __ATOMIC_RELEASE);
}

/* nf-wdm-extrytoacquirefastmutex: TRUE when it was free and is now the caller's. */
BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    LONG expected = 1;
    if (!__atomic_compare_exchange_n(&FastMutex->Count, &expected, 0, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
        return FALSE;
    FastMutex->Owner = (PVOID)pthread_self();
    FastMutex->OldIrql = KeGetCurrentIrql();
    return TRUE;
}

/* nf-wdm-exacquirefastmutex: waits until the mutex is free (APC_LEVEL while held on Windows). */
VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex)
{
    while (!ExTryToAcquireFastMutex(FastMutex)) {
        FastMutex->Contention++;
        sched_yield();
    }
}

/* nf-wdm-exreleasefastmutex: releases ownership and restores the IRQL of the acquire. */
VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex)
{
    FastMutex->Owner = NULL;
    __atomic_store_n(&FastMutex->Count, 1, __ATOMIC_RELEASE);
}
