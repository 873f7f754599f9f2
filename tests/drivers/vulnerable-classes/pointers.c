/*++

Module Name:

    pointers.c

Abstract:

    Pointers inside the input: write-what-where, write-NULL and arbitrary increment. The request
    structure is probed; the vulnerable build then trusts the addresses it contains, the fixed one
    probes each before use.

--*/

#include "vulnerable_classes.h"

NTSTATUS
VcWriteWhatWhere(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_WRITE_WHAT_WHERE userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PULONG_PTR what;
    PULONG_PTR where;

    UNREFERENCED_PARAMETER(Irp);
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VC_WRITE_WHAT_WHERE)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userRequest, sizeof(VC_WRITE_WHAT_WHERE), 1);
        what = userRequest->What;
        where = userRequest->Where;
#if FIXED_TWIN
        ProbeForRead(what, sizeof(ULONG_PTR), 1);
        ProbeForWrite(where, sizeof(ULONG_PTR), 1);
#endif
        VcTrace("*%p = *%p\n", where, what);
        *where = *what;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS
VcWriteNull(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_WRITE_NULL userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    PVOID *where;

    UNREFERENCED_PARAMETER(Irp);
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VC_WRITE_NULL)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userRequest, sizeof(VC_WRITE_NULL), 1);
        where = userRequest->Where;
#if FIXED_TWIN
        ProbeForWrite(where, sizeof(PVOID), 1);
#endif
        *where = NULL;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}

NTSTATUS
VcArbitraryIncrement(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_INCREMENT userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    volatile LONG *target;

    UNREFERENCED_PARAMETER(Irp);
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VC_INCREMENT)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userRequest, sizeof(VC_INCREMENT), 1);
        target = userRequest->Target;
#if FIXED_TWIN
        ProbeForWrite((PVOID)target, sizeof(LONG), sizeof(LONG));
#endif
        InterlockedIncrement(target);
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    return STATUS_SUCCESS;
}
