/*
 * mdl.c - memory descriptor lists.
 *
 * MmProbeAndLockPages touches every page of the range with the access asked for (read, or
 * read-and-write-back for IoWriteAccess/IoModifyAccess); a bad page raises the fault's exception,
 * as documented (nf-wdm-mmprobeandlockpages: STATUS_ACCESS_VIOLATION or other exceptions).
 * MmGetSystemAddressForMdlSafe maps the locked user pages a second time, at a kernel address, with
 * the MDL's byte offset (nf-wdm-mmgetsystemaddressformdl: "the same offset as the virtual address in
 * the MDL"): usermem.c backs user buffers with shared memory for it. The probe checks only the user
 * mapping, so what faults there faults as before; the view is released by MmUnlockPages (documented:
 * nf-wdm-mmunlockpages releases the mapping before unlocking), by IoFreeMdl, or at the end of the case.
 */
#include <stdlib.h>
#include "simkernel_internal.h"

PMDL IoAllocateMdl(PVOID VirtualAddress, ULONG Length, BOOLEAN SecondaryBuffer, BOOLEAN ChargeQuota, PIRP Irp)
{
    (void)ChargeQuota;
    /* I19, MDLdoc (ddi/wdm nf-wdm-ioallocatemdl): from Windows 7 an MDL describes at most 4 GB - PAGE_SIZE;
       a longer one is refused (NULL), which the I/O manager turns into STATUS_INSUFFICIENT_RESOURCES. */
    if (Length > MAXULONG - SIM_PAGE_SIZE + 1)
        return NULL;
    PMDL mdl = calloc(1, sizeof(MDL));
    if (mdl == NULL)
        return NULL;
    uintptr_t va = (uintptr_t)VirtualAddress;
    mdl->Size = (CSHORT)sizeof(MDL);
    mdl->StartVa = (PVOID)(va & ~(uintptr_t)(SIM_PAGE_SIZE - 1));
    mdl->ByteOffset = (ULONG)(va & (SIM_PAGE_SIZE - 1));
    mdl->ByteCount = Length;
    if (Irp != NULL) {
        /* Documented: the MDL becomes Irp->MdlAddress, or is chained after it if secondary. */
        if (!SecondaryBuffer || Irp->MdlAddress == NULL) {
            Irp->MdlAddress = mdl;
        } else {
            PMDL tail = Irp->MdlAddress;
            while (tail->Next != NULL)
                tail = tail->Next;
            tail->Next = mdl;
        }
    }
    return mdl;
}

/* Releases the MDL's system view if it has one of ours (a nonpaged-pool MDL's address is the pool itself). */
static void ReleaseSystemView(PMDL Mdl)
{
    if ((Mdl->MdlFlags & MDL_MAPPED_TO_SYSTEM_VA) && !(Mdl->MdlFlags & MDL_SOURCE_IS_NONPAGED_POOL))
        SimUserSystemViewUnmap((uintptr_t)Mdl->MappedSystemVa);
    Mdl->MdlFlags &= (CSHORT)~MDL_MAPPED_TO_SYSTEM_VA;
}

VOID IoFreeMdl(PMDL Mdl)
{
    ReleaseSystemView(Mdl);
    free(Mdl);
}

VOID MmProbeAndLockPages(PMDL MemoryDescriptorList, KPROCESSOR_MODE AccessMode, LOCK_OPERATION Operation)
{
    PMDL mdl = MemoryDescriptorList;
    uintptr_t start = (uintptr_t)MmGetMdlVirtualAddress(mdl);
    uintptr_t end = start + mdl->ByteCount;
    if (AccessMode == UserMode && (end < start || end > MmUserProbeAddress))
        ExRaiseAccessViolation();
    for (uintptr_t page = (uintptr_t)mdl->StartVa; page < end; page += SIM_PAGE_SIZE) {
        volatile UCHAR *p = (volatile UCHAR *)(page < start ? start : page);
        if (Operation == IoReadAccess) {
            (void)*p;
        } else {
            *p = *p;
        }
    }
    mdl->MdlFlags |= MDL_PAGES_LOCKED;
}

VOID MmUnlockPages(PMDL MemoryDescriptorList)
{
    ReleaseSystemView(MemoryDescriptorList);
    MemoryDescriptorList->MdlFlags &= (CSHORT)~MDL_PAGES_LOCKED;
}

VOID MmBuildMdlForNonPagedPool(PMDL MemoryDescriptorList)
{
    MemoryDescriptorList->MdlFlags |= MDL_SOURCE_IS_NONPAGED_POOL;
    MemoryDescriptorList->MappedSystemVa = MmGetMdlVirtualAddress(MemoryDescriptorList);
}

PVOID MmGetSystemAddressForMdlSafe(PMDL Mdl, ULONG Priority)
{
    (void)Priority;
    /* Read the flags first, as the Windows inline does: a NULL MDL faults here, in the driver. */
    volatile CSHORT flags = Mdl->MdlFlags;
    if (flags & (MDL_MAPPED_TO_SYSTEM_VA | MDL_SOURCE_IS_NONPAGED_POOL))
        return Mdl->MappedSystemVa;
    uintptr_t user = (uintptr_t)MmGetMdlVirtualAddress(Mdl);
    uintptr_t view = SimUserSystemViewMap(user, MmGetMdlByteCount(Mdl));
    if (view == 0) {
        if (SimIsUserAddress(user))
            return NULL; /* documented: NULL when the mapping fails */
        view = user; /* kernel pages (pool, a driver's own MDL over them) are already system addresses */
    }
    Mdl->MappedSystemVa = (PVOID)view;
    Mdl->MdlFlags |= MDL_MAPPED_TO_SYSTEM_VA;
    return Mdl->MappedSystemVa;
}
