/*++

Module Name:

    wdk_compat.h

Abstract:

    ONLY for the builds against the mingw-w64 DDK (`make windows-check` and
    `make windows`, the .sys that Wine loads): the mingw-w64 DDK lacks a few
    names the current WDK has, and has one header clash. Never used by a WDK
    build (ConformanceSample.vcxproj): the WDK provides all of this, and
    every definition here is guarded so that a header that already has the
    name wins.

    The builds force-include this file (-include), so it pulls in <ntddk.h>
    itself first; the driver's own #include <ntddk.h> is then a no-op.

    What it changes compared with a WDK build (driver-under-test/README.md,
    "Building the .sys with mingw-w64"):
    - ExAllocatePool2 is an inline wrapper over ExAllocatePoolWithTag,
      because Wine 8's ntoskrnl.exe does not export ExAllocatePool2 (and the
      mingw-w64 import library has no entry for it). Same flags, same
      zeroing, same NULL on failure.
    - TraceLogging (TraceLoggingProvider.h next to this file) emits nothing.

--*/

#ifndef SAMPLE_WDK_COMPAT_H
#define SAMPLE_WDK_COMPAT_H

//
// mingw-w64 10's winnt.h (psdk_inc/intrin-impl.h) defines
// InterlockedBitTestAndSet/Reset as extern gnu_inline functions, and its
// ddk/wdm.h defines them again as static inline. clang merges the two into
// an external definition in every object, and the link of the .sys fails
// with "multiple definition". Marking the intrinsics as already defined
// makes winnt.h skip its copy, so wdm.h's static inline one is the only
// definition. The driver does not use either function. Only for the mingw
// target (__MINGW32__): other compilers never read intrin-impl.h.
//
#if defined(__MINGW32__)
#ifndef __INTRINSIC_DEFINED_InterlockedBitTestAndSet
#define __INTRINSIC_DEFINED_InterlockedBitTestAndSet
#endif
#ifndef __INTRINSIC_DEFINED_InterlockedBitTestAndReset
#define __INTRINSIC_DEFINED_InterlockedBitTestAndReset
#endif
#endif

#include <ntddk.h>

//
// ExAllocatePool2 and its flags (wdm.h in WDK 10.0.19041 and later).
//
// The WDK declares ExAllocatePool2 as an ntoskrnl import. Here it is an
// inline wrapper instead, so the .sys built with mingw-w64 imports only
// ExAllocatePoolWithTag, which every Windows version and Wine 8 export
// (Wine 8 has no ExAllocatePool2). It keeps the documented contract for the
// flags the driver uses: POOL_FLAG_NON_PAGED gives no-execute nonpaged pool,
// POOL_FLAG_PAGED paged pool, the memory is zeroed unless
// POOL_FLAG_UNINITIALIZED is given (seeded defect 4 relies on that flag
// leaving pool contents in place), and failure returns NULL (the driver
// never passes POOL_FLAG_RAISE_ON_FAILURE).
//
#ifndef POOL_FLAG_NON_PAGED
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_UNINITIALIZED     0x0000000000000002ULL
#define POOL_FLAG_NON_PAGED         0x0000000000000040ULL
#define POOL_FLAG_PAGED             0x0000000000000100ULL

static __inline
PVOID
SampleCompatExAllocatePool2(
    _In_ POOL_FLAGS Flags,
    _In_ SIZE_T NumberOfBytes,
    _In_ ULONG Tag
    )
{
    PVOID memory;

    memory = ExAllocatePoolWithTag(((Flags & POOL_FLAG_PAGED) != 0) ? PagedPool : NonPagedPoolNx,
                                   NumberOfBytes,
                                   Tag);

    if (memory != NULL && (Flags & POOL_FLAG_UNINITIALIZED) == 0) {
        RtlZeroMemory(memory, NumberOfBytes);
    }

    return memory;
}

#define ExAllocatePool2 SampleCompatExAllocatePool2
#endif

//
// Page-priority modifier for MmGetSystemAddressForMdlSafe (Windows 8+).
//
#ifndef MdlMappingNoExecute
#define MdlMappingNoExecute     0x40000000
#endif

//
// Registry type check for RTL_QUERY_REGISTRY_DIRECT (Windows 8+). The driver
// uses it when the header has it, so define it to check that path too.
//
#ifndef RTL_QUERY_REGISTRY_TYPECHECK
#define RTL_QUERY_REGISTRY_TYPECHECK        0x00000100
#define RTL_QUERY_REGISTRY_TYPECHECK_SHIFT  24
#endif

#endif // SAMPLE_WDK_COMPAT_H
