/*++

Module Name:

    vulnerable_classes.h

Abstract:

    Private definitions of the VulnerableClasses test driver. Each handler has its vulnerable
    body and, under FIXED_TWIN, the safe one.

--*/

#ifndef _VULNERABLE_CLASSES_H_
#define _VULNERABLE_CLASSES_H_

#include <ntddk.h>
#include "vulnerable_classes_ioctl.h"

#ifndef FIXED_TWIN
#define FIXED_TWIN 0
#endif

#define VC_TAG 'sClV'

//
// Errors go out in every build; the chatty trace only in a checked (DBG) build, compiled away
// otherwise as KdPrint is. Both are MSVC variadic macros: a call with a format only relies on the
// compiler dropping the comma before an empty __VA_ARGS__.
//
#define VcError(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "VulnerableClasses: " Format, __VA_ARGS__)

#if DBG
#define VcTrace(Format, ...) \
    DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, "VulnerableClasses: " Format, __VA_ARGS__)
#else
#define VcTrace(Format, ...)
#endif

typedef VOID VC_CALLBACK(VOID);
typedef VC_CALLBACK *PVC_CALLBACK;

//
// The object the ALLOC / FREE / USE requests share, and the one of the NULL-dereference and
// uninitialised-pool requests.
//
typedef struct _VC_OBJECT {
    PVC_CALLBACK Callback;
    UCHAR Data[VC_OBJECT_DATA_SIZE];
} VC_OBJECT, *PVC_OBJECT;

VC_CALLBACK VcObjectCallback;

typedef NTSTATUS VC_HANDLER(_In_ PIRP Irp, _In_ PIO_STACK_LOCATION IrpSp);

// driver.c: the ULONG at the start of a METHOD_NEITHER input, probed and read once.
NTSTATUS VcCaptureUserValue(_In_ PIO_STACK_LOCATION IrpSp, _Out_ PULONG Value);

// stack.c
VC_HANDLER VcStackOverflowGs;
VC_HANDLER VcStackOverflowNoGs;
VC_HANDLER VcUninitializedStack;

// pool.c
VC_HANDLER VcPoolOverflow;
VC_HANDLER VcAllocObject;
VC_HANDLER VcFreeObject;
VC_HANDLER VcUseObject;
VC_HANDLER VcUninitializedPool;
VC_HANDLER VcMemoryDisclosure;
VOID VcFreeObjects(VOID);

// logic.c
VC_HANDLER VcTypeConfusion;
VC_HANDLER VcIntegerOverflow;
VC_HANDLER VcNullDereference;

// pointers.c
VC_HANDLER VcWriteWhatWhere;
VC_HANDLER VcWriteNull;
VC_HANDLER VcArbitraryIncrement;

// file.c
VC_HANDLER VcOpenUserFile;

#endif // _VULNERABLE_CLASSES_H_
