/*++

Module Name:

    wdk_compat.h

Abstract:

    ONLY for `make windows-check`: lets the driver sources be syntax-checked
    for a Windows kernel target with clang and the mingw-w64 DDK, which lacks
    a few names the current WDK has. Never used by a real build: the WDK
    provides all of this, and every definition here is guarded so that a
    header that already has the name wins.

    The check force-includes this file (-include), so it pulls in <ntddk.h>
    itself first; the driver's own #include <ntddk.h> is then a no-op.

--*/

#ifndef SAMPLE_WDK_COMPAT_H
#define SAMPLE_WDK_COMPAT_H

#include <ntddk.h>

//
// ExAllocatePool2 and its flags (wdm.h in WDK 10.0.19041 and later).
//
#ifndef POOL_FLAG_NON_PAGED
typedef ULONG64 POOL_FLAGS;
#define POOL_FLAG_UNINITIALIZED     0x0000000000000002ULL
#define POOL_FLAG_NON_PAGED         0x0000000000000040ULL
#define POOL_FLAG_PAGED             0x0000000000000100ULL

NTKERNELAPI
PVOID
NTAPI
ExAllocatePool2(
    _In_ POOL_FLAGS Flags,
    _In_ SIZE_T NumberOfBytes,
    _In_ ULONG Tag
    );
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
