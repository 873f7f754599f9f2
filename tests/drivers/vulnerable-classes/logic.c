/*++

Module Name:

    logic.c

Abstract:

    Bugs of logic: an object used as the type the caller names rather than the type it was
    built as, a size computed in 32 bits that wraps, and a pointer used without its NULL check.

--*/

#include "vulnerable_classes.h"
#include <ntintsafe.h>

//
// A typed kernel object: a number, or a handler the driver runs. The two share storage.
//
typedef struct _VC_TYPED_OBJECT {
    ULONG Type;
    union {
        ULONG_PTR Number;
        PVC_CALLBACK Handler;
    };
} VC_TYPED_OBJECT, *PVC_TYPED_OBJECT;

NTSTATUS
VcTypeConfusion(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_TYPED_REQUEST userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    VC_TYPED_REQUEST request;
    PVC_TYPED_OBJECT object;

    UNREFERENCED_PARAMETER(Irp);
    if (IrpSp->Parameters.DeviceIoControl.InputBufferLength < sizeof(VC_TYPED_REQUEST)) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userRequest, sizeof(VC_TYPED_REQUEST), 1);
        RtlCopyMemory(&request, userRequest, sizeof(VC_TYPED_REQUEST));
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }
    if (request.Type != VC_TYPE_NUMBER && request.Type != VC_TYPE_HANDLER) {
        return STATUS_INVALID_PARAMETER;
    }

    object = ExAllocatePoolWithTag(NonPagedPool, sizeof(VC_TYPED_OBJECT), VC_TAG);
    if (object == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    object->Type = request.Type;
#if FIXED_TWIN
    // Each type built as itself: a handler object's handler is the driver's, never the caller's.
    if (request.Type == VC_TYPE_HANDLER) {
        object->Handler = VcObjectCallback;
    } else {
        object->Number = request.Value;
    }
#else
    // Built as a number whatever the type, then used as the type the caller named.
    object->Number = request.Value;
#endif
    if (object->Type == VC_TYPE_HANDLER) {
        object->Handler();
    }
    VcTrace("typed object %p type %u\n", object, object->Type);
    ExFreePoolWithTag(object, VC_TAG);
    return STATUS_SUCCESS;
}

//
// Sums Count ULONGs into a pool copy. The size is computed in 32 bits: a huge Count wraps it to
// a few bytes, the length check passes, and the copy loop runs Count times.
//
NTSTATUS
VcIntegerOverflow(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_COUNTED_REQUEST userRequest = IrpSp->Parameters.DeviceIoControl.Type3InputBuffer;
    ULONG inputLength = IrpSp->Parameters.DeviceIoControl.InputBufferLength;
    ULONG headerSize = FIELD_OFFSET(VC_COUNTED_REQUEST, Values);
    ULONG count;
    ULONG bytes;
    PULONG copy;
    ULONG sum = 0;
    NTSTATUS status = STATUS_SUCCESS;

    UNREFERENCED_PARAMETER(Irp);
    if (inputLength < headerSize) {
        return STATUS_INFO_LENGTH_MISMATCH;
    }
    try {
        ProbeForRead(userRequest, inputLength, sizeof(ULONG));
        count = userRequest->Count;
    } except (EXCEPTION_EXECUTE_HANDLER) {
        return GetExceptionCode();
    }

#if FIXED_TWIN
    status = RtlULongMult(count, sizeof(ULONG), &bytes);
    if (NT_SUCCESS(status)) {
        status = RtlULongAdd(bytes, headerSize, &bytes);
    }
    if (!NT_SUCCESS(status)) {
        return STATUS_INVALID_PARAMETER;
    }
#else
    bytes = count * (ULONG)sizeof(ULONG) + headerSize;
#endif
    if (count == 0 || bytes > inputLength) {
        return STATUS_INVALID_PARAMETER;
    }

    copy = ExAllocatePoolWithTag(PagedPool, bytes - headerSize, VC_TAG);
    if (copy == NULL) {
        return STATUS_INSUFFICIENT_RESOURCES;
    }
    try {
        for (ULONG i = 0; i < count; i++) {
            copy[i] = userRequest->Values[i];
            sum += copy[i];
        }
    } except (EXCEPTION_EXECUTE_HANDLER) {
        status = GetExceptionCode();
    }
    VcTrace("sum of %u values: %u\n", count, sum);
    ExFreePoolWithTag(copy, VC_TAG);
    return status;
}

//
// The driver's object exists only for the magic value; the vulnerable build calls through it
// either way.
//
NTSTATUS
VcNullDereference(
    _In_ PIRP Irp,
    _In_ PIO_STACK_LOCATION IrpSp
    )
{
    PVC_OBJECT object = NULL;
    ULONG value;
    NTSTATUS status;

    UNREFERENCED_PARAMETER(Irp);
    status = VcCaptureUserValue(IrpSp, &value);
    if (!NT_SUCCESS(status)) {
        return status;
    }

    if (value == VC_MAGIC) {
        object = ExAllocatePoolWithTag(NonPagedPool, sizeof(VC_OBJECT), VC_TAG);
        if (object == NULL) {
            return STATUS_INSUFFICIENT_RESOURCES;
        }
        object->Callback = VcObjectCallback;
    }
#if FIXED_TWIN
    if (object == NULL) {
        return STATUS_INVALID_PARAMETER;
    }
#endif
    object->Callback();
    ExFreePoolWithTag(object, VC_TAG);
    return STATUS_SUCCESS;
}
